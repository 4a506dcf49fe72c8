package expr

import (
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// The inputs of the W3C cast tests (sparql11/cast/data.ttl) and the
// expected values, compared by value for numerics.
func TestCasts(t *testing.T) {
	const (
		s  = rdf.XSDString
		i  = rdf.XSDInteger
		d  = rdf.XSDDecimal
		f  = rdf.XSDFloat
		db = rdf.XSDDouble
		b  = rdf.XSDBoolean
	)
	tests := []struct {
		in   string
		to   string
		want string
	}{
		{"<http://example.org/z>", s, `"http://example.org/z"`},
		{"<http://example.org/z>", i, errStr},
		{`"string"`, b, errStr},
		{`"string"`, d, errStr},
		{`"-10.2E3"`, db, `"-1.02E4"^^xsd:double`},
		{`"-10.2E3"`, f, `"-1.02E4"^^xsd:float`},
		{`"-10.2E3"`, d, errStr},
		{`"-10.2E3"`, i, errStr},
		{`"+33.3300"`, d, "33.33"},
		{`"+33.3300"`, db, `"3.333E1"^^xsd:double`},
		{`"0.0"`, i, errStr},
		{`"0"`, b, "false"},
		{`"1"`, b, "true"},
		{`"13"`, b, errStr},
		{`"13"`, d, "13.0"},
		{`" 13 "`, i, "13"},
		{`"1E0"`, i, errStr},
		{`"true"`, b, "true"},
		{`"2002-10-10T17:00:00Z"`, rdf.XSDDateTime, `"2002-10-10T17:00:00Z"^^xsd:dateTime`},
		{`"2002-10-10T17:00:00Z"`, db, errStr},
		{`"2002-10-10T17:00:00Z"`, rdf.XSDDate, errStr},
		{`"2002-10-10T17:00:00-05:00"^^xsd:dateTime`, rdf.XSDDate, `"2002-10-10-05:00"^^xsd:date`},
		{`"2002-10-10Z"^^xsd:date`, rdf.XSDDateTime, `"2002-10-10T00:00:00Z"^^xsd:dateTime`},
		{`"2002-10-10"^^xsd:date`, s, `"2002-10-10"`},
		{`"2002-10-10"^^xsd:date`, i, errStr},
		{"true", d, "1.0"},
		{"true", db, `"1.0E0"^^xsd:double`},
		{"false", i, "0"},
		{`"0"^^xsd:boolean`, s, `"false"`},
		{"true", s, `"true"`},
		{"1", s, `"1"`},
		{"-1", b, "true"},
		{"0", f, `"0.0E0"^^xsd:float`},
		{"1.0", s, `"1"`},
		{"1.5", s, `"1.5"`},
		{"1.0", i, "1"},
		{"2.5", i, "2"},
		{"-2.5", i, "-2"},
		{"0.0", b, "false"},
		{"1e0", s, `"1"`},
		{"1e7", s, `"1.0E7"`},
		{"1.25e-7", s, `"1.25E-7"`},
		{`"1.25"^^xsd:float`, s, `"1.25"`},
		{`"1.25"^^xsd:float`, i, "1"},
		{`"-7.875"^^xsd:float`, i, "-7"},
		{`"-7.875"^^xsd:float`, d, "-7.875"},
		{`"0.1"^^xsd:float`, d, "0.1"},
		{`"NaN"^^xsd:double`, i, errStr},
		{`"INF"^^xsd:double`, d, errStr},
		{`"NaN"^^xsd:double`, b, "false"},
		{"0e1", b, "false"},
		{`"abc"^^xsd:integer`, s, errStr},
		{`"x"@en`, s, `"x"`},
		{`"x"@en`, i, errStr},
		{`"x"^^<http://t/u>`, s, `"x"`},
		{`"x"^^<http://t/u>`, i, errStr},
		{"_:b", s, errStr},
		{`"5"^^xsd:byte`, i, "5"},
		{`"5"^^xsd:byte`, s, `"5"`},
		{`"300"`, xsdShort, `"300"^^xsd:short`},
		{"3.7", xsdUnsignedByte, `"3"^^xsd:unsignedByte`},
		{`"300"`, xsdByte, errStr},
		{"-1", xsdNonNegativeInteger, errStr},
		{"true", xsdPositiveInteger, `"1"^^xsd:positiveInteger`},
	}
	for _, tt := range tests {
		t.Run(tt.in+" to "+tt.to, func(t *testing.T) {
			got, err := Cast(tm(t, tt.in), tt.to)
			if tt.want != errStr {
				// Results must be in canonical form.
				tt.want = Canonical(tm(t, tt.want)).String()
			}
			checkResult(t, got, err, tt.want)
		})
	}
	if _, err := Cast(tm(t, "1"), rdf.XSDNS+"gYear"); err == nil {
		t.Error("cast to an unsupported type succeeded")
	}
}
