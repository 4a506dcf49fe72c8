package expr

import (
	"errors"
	"slices"
	"testing"
)

func TestEBV(t *testing.T) {
	tests := []struct {
		in   string
		want string // "true", "false" or errStr
	}{
		{"true", "true"}, {"false", "false"},
		{`"1"^^xsd:boolean`, "true"}, {`"0"^^xsd:boolean`, "false"},
		{`"maybe"^^xsd:boolean`, "false"},
		{`""`, "false"}, {`"x"`, "true"}, {`""@en`, "false"}, {`"x"@en`, "true"},
		{"0", "false"}, {"1", "true"}, {"-0.0", "false"}, {"0.1", "true"},
		{"0e0", "false"}, {`"NaN"^^xsd:double`, "false"}, {`"INF"^^xsd:float`, "true"},
		{`"abc"^^xsd:integer`, "false"},
		{"<http://a>", errStr}, {"_:b", errStr}, {"", errStr},
		{`"2026-01-01"^^xsd:date`, errStr}, {`"x"^^<http://example/t>`, errStr},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := EBV(tm(t, tt.in))
			if tt.want == errStr {
				if !errors.Is(err, ErrType) {
					t.Fatalf("got %v, %v; want a type error", got, err)
				}
				return
			}
			if err != nil || got != (tt.want == "true") {
				t.Fatalf("got %v, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestRelational(t *testing.T) {
	tests := []struct {
		a, op, b string
		want     string // "true", "false" or errStr
	}{
		{"1", "=", "1.0", "true"},
		{"1", "=", "1e0", "true"},
		{"1", "=", `"1"^^xsd:byte`, "true"},
		{`"1.1"^^xsd:float`, "=", "1.1", "true"},
		{"1", "!=", "2", "true"},
		{"1", "<", "2.5", "true"},
		{"10", ">", "9e0", "true"},
		{"2", "<=", "2.0", "true"},
		{`"NaN"^^xsd:double`, "=", `"NaN"^^xsd:double`, "false"},
		{`"NaN"^^xsd:double`, "!=", `"NaN"^^xsd:double`, "true"},
		{`"NaN"^^xsd:double`, "<", "1", "false"},
		{`"NaN"^^xsd:double`, ">=", "1", "false"},
		{`"abc"`, "=", `"abc"^^xsd:string`, "true"},
		{`"abc"`, "<", `"abd"`, "true"},
		{`"B"`, "<", `"a"`, "true"},
		{`"é"`, ">", `"z"`, "true"},
		{`"abc"@en`, "=", `"abc"@en`, "true"},
		{`"abc"@en`, "=", `"abc"@EN`, "true"},
		{`"abc"@en`, "=", `"abd"@EN`, "false"},
		{`"abc"@en`, "!=", `"abc"@en-GB`, "true"},
		{`"abc"@en`, "=", `"abc"`, "false"},
		{`"abc"@en`, "!=", `"abc"`, "true"},
		{`"abc"@en`, "<", `"abd"@en`, errStr},
		{"true", "=", `"1"^^xsd:boolean`, "true"},
		{"false", "<", "true", "true"},
		{"true", "<", "1", errStr},
		{`"abc"`, "=", "1", "false"},
		{`"abc"`, "<", "1", errStr},
		{"<http://a>", "=", "<http://a>", "true"},
		{"<http://a>", "=", "<http://b>", "false"},
		{"<http://a>", "!=", `"http://a"`, "true"},
		{"<http://a>", "<", "<http://b>", errStr},
		{"_:a", "=", "_:a", "true"},
		{"_:a", "=", "_:b", "false"},
		{`"xyz"^^<http://t/1>`, "=", `"xyz"^^<http://t/1>`, "true"},
		{`"xyz"^^<http://t/1>`, "=", `"abc"^^<http://t/1>`, errStr},
		{`"xyz"^^<http://t/1>`, "!=", `"xyz"^^<http://t/2>`, errStr},
		{`"xyz"^^<http://t/1>`, "=", `"xyz"`, errStr},
		{`"xyz"^^<http://t/1>`, "=", `"xyz"@en`, "false"},
		{`"xyz"^^xsd:integer`, "=", `"xyz"`, errStr},
		{`"xyz"^^xsd:integer`, "=", `"xyz"^^xsd:integer`, "true"},
		{"", "=", "1", errStr},
		{"1", "<", "", errStr},
		{`"2002-04-02T12:00:00-01:00"^^xsd:dateTime`, "=", `"2002-04-02T17:00:00+04:00"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00Z"^^xsd:dateTime`, "<", `"2002-04-02T12:00:01Z"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00.5Z"^^xsd:dateTime`, ">", `"2002-04-02T12:00:00Z"^^xsd:dateTime`, "true"},
		{`"2002-04-02T23:00:00-04:00"^^xsd:dateTime`, ">", `"2002-04-03T02:00:00Z"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00"^^xsd:dateTime`, "=", `"2002-04-02T12:00:00"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00"^^xsd:dateTime`, "=", `"2002-04-02T12:00:00Z"^^xsd:dateTime`, errStr},
		{`"2002-04-02T12:00:00"^^xsd:dateTime`, "<", `"2002-04-03T12:00:00Z"^^xsd:dateTime`, "true"},
		{`"2002-04-02T12:00:00Z"^^xsd:dateTime`, "<", `"2002-04-02T13:00:00"^^xsd:dateTime`, errStr},
		{`"2000-01-01T24:00:00Z"^^xsd:dateTime`, "=", `"2000-01-02T00:00:00Z"^^xsd:dateTime`, "true"},
		{`"2006-08-23"^^xsd:date`, "<", `"2006-08-24"^^xsd:date`, "true"},
		{`"2006-08-23Z"^^xsd:date`, "=", `"2006-08-23+00:00"^^xsd:date`, "true"},
		{`"2006-08-23"^^xsd:date`, "=", `"2006-08-23T00:00:00"^^xsd:dateTime`, "false"},
		{`"2006-08-23"^^xsd:date`, "<", `"2006-08-23T00:00:00"^^xsd:dateTime`, errStr},
		{`"-0044-03-15"^^xsd:date`, "<", `"0001-01-01"^^xsd:date`, "true"},
		{`"2006-02-30"^^xsd:date`, "=", `"2006-03-02"^^xsd:date`, errStr},
	}
	for _, tt := range tests {
		t.Run(tt.a+" "+tt.op+" "+tt.b, func(t *testing.T) {
			got, err := Relational(tt.op, tm(t, tt.a), tm(t, tt.b))
			if tt.want == errStr {
				if !errors.Is(err, ErrType) {
					t.Fatalf("got %v, %v; want a type error", got, err)
				}
				return
			}
			if err != nil || got != (tt.want == "true") {
				t.Fatalf("got %v, %v; want %s", got, err, tt.want)
			}
		})
	}
	if _, err := Relational("<>", tm(t, "1"), tm(t, "1")); err == nil {
		t.Error("unknown operator accepted")
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
		err  bool
	}{
		{"1", "2", -1, false},
		{"2.0", "2", 0, false},
		{`"b"`, `"a"`, 1, false},
		{`"NaN"^^xsd:double`, "1", 0, true},
		{"1", `"1"`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.a+" "+tt.b, func(t *testing.T) {
			got, err := Compare(tm(t, tt.a), tm(t, tt.b))
			if tt.err != (err != nil) || (!tt.err && got != tt.want) {
				t.Fatalf("got %d, %v; want %d, error %v", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestSameTerm(t *testing.T) {
	if !SameTerm(tm(t, `"a"`), tm(t, `"a"^^xsd:string`)) || SameTerm(tm(t, "1"), tm(t, "1.0")) {
		t.Fatal("SameTerm is not term identity")
	}
}

// TestOrderCompare sorts a shuffled list and checks the ORDER BY order.
func TestOrderCompare(t *testing.T) {
	want := []string{
		"",
		"_:a", "_:b",
		"<http://a>", "<http://b>",
		`"NaN"^^xsd:double`, "-1", "0.5", "01", "1", "1.0", "1e0", "2", `"10"^^xsd:byte`,
		`""`, `"B"`, `"a"`, `"b"`,
		"false", "true",
		`"2000-01-01T00:00:00Z"^^xsd:dateTime`, `"2000-01-01T01:00:00"^^xsd:dateTime`,
		`"2000-01-01T01:30:00+00:00"^^xsd:dateTime`, `"2001-01-01T00:00:00Z"^^xsd:dateTime`,
		`"2000-01-01"^^xsd:date`,
		`"a"@de`, `"b"@de`, `"a"@en`,
		`"x"^^<http://t/a>`, `"abc"^^xsd:integer`,
	}
	terms := tms(t, want...)
	for seed := range 5 {
		got := slices.Clone(terms)
		for i := range got { // deterministic shuffle
			j := (i*7 + seed*3) % len(got)
			got[i], got[j] = got[j], got[i]
		}
		slices.SortStableFunc(got, OrderCompare)
		if !slices.Equal(got, terms) {
			t.Fatalf("seed %d: got order\n%v\nwant\n%v", seed, got, terms)
		}
	}
	for i := range terms {
		if OrderCompare(terms[i], terms[i]) != 0 {
			t.Errorf("%v is not equal to itself", terms[i])
		}
	}
}
