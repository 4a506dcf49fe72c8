package expr

import (
	"errors"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestAggregates(t *testing.T) {
	tests := []struct {
		name     string
		distinct bool
		sep      string
		in       []string // "ERR" adds an error
		want     string
	}{
		{"COUNT", false, "", []string{"1", "1", "<http://a>", "", "ERR"}, "3"},
		{"COUNT", true, "", []string{"1", "1", "<http://a>", "1.0"}, "3"},
		{"COUNT", false, "", nil, "0"},
		{"SUM", false, "", []string{"1", "2", "3"}, "6"},
		{"SUM", false, "", []string{"1", "2.5"}, "3.5"},
		{"SUM", false, "", []string{"1", "1e0"}, `"2.0E0"^^xsd:double`},
		{"SUM", true, "", []string{"1", "1", "2"}, "3"},
		{"SUM", false, "", nil, "0"},
		{"SUM", false, "", []string{"1", `"a"`}, errStr},
		{"SUM", false, "", []string{"1", "ERR"}, errStr},
		{"SUM", false, "", []string{"1", ""}, errStr},
		{"AVG", false, "", []string{"1", "2", "3", "4"}, "2.5"},
		{"AVG", false, "", []string{"1.0", "2.0", "3.0", "4"}, "2.5"},
		{"AVG", false, "", []string{"1", "2"}, "1.5"},
		{"AVG", false, "", []string{"2", "2"}, "2.0"},
		{"AVG", true, "", []string{"1", "1", "4"}, "2.5"},
		{"AVG", false, "", nil, "0"},
		{"AVG", false, "", []string{"1", "_:b"}, errStr},
		{"MIN", false, "", []string{"3", "1.5", "2"}, "1.5"},
		{"MIN", false, "", []string{"3", `"a"`, "<http://a>", "_:b", "ERR"}, "_:b"},
		{"MIN", false, "", nil, errStr},
		{"MAX", false, "", []string{"3", "1.5", `"a"`}, `"a"`},
		{"MAX", false, "", []string{"3", "1e1", "2"}, "1e1"},
		{"MAX", true, "", []string{"1", "1"}, "1"},
		{"SAMPLE", false, "", []string{"ERR", "7", "8"}, "7"},
		{"SAMPLE", false, "", nil, errStr},
		{"GROUP_CONCAT", false, "", []string{`"a"`, `"b"`, "1"}, `"a b 1"`},
		{"GROUP_CONCAT", false, ", ", []string{`"a"`, "", `"b"`}, `"a, b"`},
		{"GROUP_CONCAT", true, "-", []string{`"a"`, `"a"`, `"b"`}, `"a-b"`},
		{"GROUP_CONCAT", false, "", []string{`"a"@en`, `"b"@en`}, `"a b"@en`},
		{"GROUP_CONCAT", false, "", []string{`"a"@en`, `"b"@fr`}, `"a b"`},
		{"GROUP_CONCAT", false, "", nil, `""`},
		{"MEDIAN", false, "", []string{"1"}, errStr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAggregate(tt.name, tt.distinct, tt.sep)
			for _, s := range tt.in {
				if s == "ERR" {
					a.Add(rdf.Term{}, typeErrorf("test"))
					continue
				}
				a.Add(tm(t, s), nil)
			}
			got, err := a.Result()
			checkResult(t, got, err, tt.want)
		})
	}
}

func TestErrorsWrapErrType(t *testing.T) {
	_, err := Call(nil, "NOSUCH", nil)
	if !errors.Is(err, ErrUnknownFunction) || !errors.Is(err, ErrType) {
		t.Fatalf("unknown function error %v", err)
	}
	if min, max, ok := Arity("SUBSTR"); !ok || min != 2 || max != 3 {
		t.Errorf("Arity(SUBSTR) = %d, %d, %v", min, max, ok)
	}
	if min, max, ok := Arity(rdf.XSDInteger); !ok || min != 1 || max != 1 {
		t.Errorf("Arity(xsd:integer) = %d, %d, %v", min, max, ok)
	}
	if f, ok := Lookup("STRLEN"); !ok {
		t.Error("Lookup(STRLEN) failed")
	} else if n, err := f(nil, []rdf.Term{rdf.String("abc")}); err != nil || n != rdf.Literal("3", rdf.XSDInteger) {
		t.Errorf("Lookup(STRLEN)(abc) = %v, %v", n, err)
	}
	if _, ok := Lookup("NOSUCH"); ok {
		t.Error("Lookup of an unknown function succeeded")
	}
	if min, max, ok := Arity("COALESCE"); !ok || min != 0 || max != -1 {
		t.Errorf("Arity(COALESCE) = %d, %d, %v: special forms have an arity", min, max, ok)
	}
	if _, ok := Lookup("COALESCE"); ok {
		t.Error("COALESCE is a special form, not a function to look up")
	}
}
