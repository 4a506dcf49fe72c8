package parser

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/sparql/expr"
)

// grammarBuiltins are the function keywords of the BuiltInCall production
// of SPARQL 1.1 (§19.8, rule 121), upper-cased, without the aggregates,
// EXISTS and NOT EXISTS (grammar forms the parser handles itself).
var grammarBuiltins = []string{
	"STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL",
	"FLOOR", "ROUND", "CONCAT", "SUBSTR", "STRLEN", "REPLACE", "UCASE", "LCASE", "ENCODE_FOR_URI",
	"CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS",
	"MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384",
	"SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "SAMETERM", "ISIRI", "ISURI", "ISBLANK",
	"ISLITERAL", "ISNUMERIC", "REGEX",
}

// TestBuiltinsFromRegistry ties the parser to the function registry of
// package expr: the keywords the registry declares are the grammar's, and
// the parser accepts exactly the arities the registry declares.
func TestBuiltinsFromRegistry(t *testing.T) {
	want := slices.Sorted(slices.Values(grammarBuiltins))
	if got := expr.Keywords(); !slices.Equal(got, want) {
		t.Fatalf("registry keywords %v\nwant the grammar's %v", got, want)
	}
	call := func(name string, n int) string {
		args := make([]string, n)
		for i := range args {
			args[i] = `"a"`
		}
		if name == "BOUND" {
			args = slices.Repeat([]string{"?x"}, n)
		}
		return fmt.Sprintf("SELECT (%s(%s) AS ?y) {}", strings.ToLower(name), strings.Join(args, ", "))
	}
	for _, name := range want {
		lo, hi, _ := expr.Arity(name)
		t.Run(name, func(t *testing.T) {
			if _, err := ParseQuery(call(name, lo), Options{}); err != nil {
				t.Errorf("%d arguments: %v", lo, err)
			}
			if lo > 0 {
				if _, err := ParseQuery(call(name, lo-1), Options{}); err == nil {
					t.Errorf("%d arguments accepted, the registry says at least %d", lo-1, lo)
				}
			}
			if hi >= 0 {
				if _, err := ParseQuery(call(name, hi+1), Options{}); err == nil {
					t.Errorf("%d arguments accepted, the registry says at most %d", hi+1, hi)
				}
			} else if _, err := ParseQuery(call(name, 5), Options{}); err != nil {
				t.Errorf("variadic with 5 arguments: %v", err)
			}
		})
	}
}
