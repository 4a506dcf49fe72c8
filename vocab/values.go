package vocab

import (
	"math/big"
	"regexp"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// lexical forms of the XSD datatypes the shapes name; a literal of one of
// these datatypes with another lexical form is ill-typed and violates
// sh:datatype, as SHACL requires.
var lexical = map[string]*regexp.Regexp{
	XSDDate:               regexp.MustCompile(`^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$`),
	XSDDateTime:           regexp.MustCompile(`^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-4]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$`),
	XSDGYearMonth:         regexp.MustCompile(`^-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?$`),
	XSDGYear:              regexp.MustCompile(`^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$`),
	XSDInteger:            regexp.MustCompile(`^[+-]?[0-9]+$`),
	XSDNonNegativeInteger: regexp.MustCompile(`^(\+?[0-9]+|-0+)$`),
	XSDDecimal:            regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`),
	XSDBoolean:            regexp.MustCompile(`^(true|false|0|1)$`),
	XSDNS + "double":      floatLexical,
	XSDNS + "float":       floatLexical,
}

var floatLexical = regexp.MustCompile(`^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$`)

// integerRanges bounds the value space of the integer types derived from
// xsd:integer (nil for unbounded).
var integerRanges = map[string][2]*big.Int{
	XSDInteger:                   {nil, nil},
	XSDNonNegativeInteger:        {big.NewInt(0), nil},
	XSDNS + "positiveInteger":    {big.NewInt(1), nil},
	XSDNS + "nonPositiveInteger": {nil, big.NewInt(0)},
	XSDNS + "negativeInteger":    {nil, big.NewInt(-1)},
	XSDNS + "long":               {big.NewInt(-1 << 63), big.NewInt(1<<63 - 1)},
	XSDNS + "int":                {big.NewInt(-1 << 31), big.NewInt(1<<31 - 1)},
	XSDNS + "short":              {big.NewInt(-1 << 15), big.NewInt(1<<15 - 1)},
	XSDNS + "byte":               {big.NewInt(-1 << 7), big.NewInt(1<<7 - 1)},
	XSDNS + "unsignedLong":       {big.NewInt(0), new(big.Int).SetUint64(1<<64 - 1)},
	XSDNS + "unsignedInt":        {big.NewInt(0), big.NewInt(1<<32 - 1)},
	XSDNS + "unsignedShort":      {big.NewInt(0), big.NewInt(1<<16 - 1)},
	XSDNS + "unsignedByte":       {big.NewInt(0), big.NewInt(1<<8 - 1)},
}

// hasDatatype reports whether v is a well-formed literal of datatype dt.
func hasDatatype(v rdf.Term, dt string) bool {
	if !v.IsLiteral() || v.Datatype != dt {
		return false
	}
	if dt == RDFLangString {
		return v.Lang != ""
	}
	if re, ok := lexical[dt]; ok && !re.MatchString(v.Value) {
		return false
	}
	if r, ok := integerRanges[dt]; ok {
		n, ok := new(big.Int).SetString(strings.TrimPrefix(v.Value, "+"), 10)
		return ok && (r[0] == nil || n.Cmp(r[0]) >= 0) && (r[1] == nil || n.Cmp(r[1]) <= 0)
	}
	if dt == XSDDate {
		_, ok := parseDate(v.Value)
		return ok
	}
	return true
}

// parseDate parses the date part of an xsd:date (timezone ignored), so
// that "2019-02-30" is rejected.
func parseDate(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	return t, err == nil
}

// compareValues orders two literals for sh:lessThan and sh:lessThanOrEquals: numbers by
// value; dates, date-times, years and year-months by their lexical form
// when both have the same datatype (ruche writes them without timezone);
// strings of the same datatype and language by code points. ok is false when
// the two are not comparable, which SHACL counts as a violation.
func compareValues(a, b rdf.Term) (int, bool) {
	if !a.IsLiteral() || !b.IsLiteral() {
		return 0, false
	}
	if x, ok := number(a); ok {
		if y, ok := number(b); ok {
			return x.Cmp(y), true
		}
		return 0, false
	}
	if a.Datatype != b.Datatype || a.Lang != b.Lang {
		return 0, false
	}
	switch a.Datatype {
	case XSDDate, XSDDateTime, XSDGYear, XSDGYearMonth:
		if !hasDatatype(a, a.Datatype) || !hasDatatype(b, b.Datatype) {
			return 0, false
		}
	}
	return strings.Compare(a.Value, b.Value), true
}

func number(t rdf.Term) (*big.Rat, bool) {
	if _, isInt := integerRanges[t.Datatype]; !isInt && t.Datatype != XSDDecimal {
		return nil, false
	}
	if !hasDatatype(t, t.Datatype) {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(t.Value)
	return r, ok
}

// defaultMessages are used when a shape has no sh:message.
var defaultMessages = map[string]Text{
	MinCountComponent:          {"Valeur obligatoire manquante.", "Required value missing."},
	MaxCountComponent:          {"Trop de valeurs.", "Too many values."},
	DatatypeComponent:          {"Type de donnée incorrect.", "Wrong datatype."},
	ClassComponent:             {"La valeur n’est pas de la classe attendue.", "The value is not of the expected class."},
	NodeKindComponent:          {"Sorte de nœud incorrecte (IRI, nœud anonyme ou littéral).", "Wrong kind of node (IRI, blank node or literal)."},
	InComponent:                {"Valeur hors de la liste permise.", "Value not in the allowed list."},
	PatternComponent:           {"La valeur ne respecte pas le motif attendu.", "The value does not match the expected pattern."},
	MinLengthComponent:         {"Valeur trop courte.", "Value too short."},
	MaxLengthComponent:         {"Valeur trop longue.", "Value too long."},
	LanguageInComponent:        {"Langue non permise.", "Language not allowed."},
	UniqueLangComponent:        {"Plusieurs valeurs dans la même langue.", "Several values in the same language."},
	LessThanComponent:          {"La valeur n’est pas avant celle qui doit la suivre.", "The value is not before the one that must follow it."},
	LessThanOrEqualsComponent:  {"La valeur dépasse celle qui doit la suivre.", "The value is after the one that must follow it."},
	OrComponent:                {"La valeur ne correspond à aucune des formes permises.", "The value matches none of the allowed forms."},
	QualifiedMinCountComponent: {"Pas assez de valeurs de la forme attendue.", "Not enough values of the expected form."},
	QualifiedMaxCountComponent: {"Trop de valeurs de la forme attendue.", "Too many values of the expected form."},
}

// message returns the shape's message, completed by the generic message of
// the component for a missing language.
func message(sh *shape, component string) Text {
	m := sh.message
	d := defaultMessages[component]
	if m.FR == "" {
		m.FR = d.FR
	}
	if m.EN == "" {
		m.EN = d.EN
	}
	return m
}
