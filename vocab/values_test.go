package vocab

import (
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestHasDatatype(t *testing.T) {
	for _, tc := range []struct {
		v    rdf.Term
		dt   string
		want bool
	}{
		{rdf.Literal("2019-05-14", XSDDate), XSDDate, true},
		{rdf.Literal("2019-05-14Z", XSDDate), XSDDate, true},
		{rdf.Literal("2019-02-30", XSDDate), XSDDate, false},
		{rdf.Literal("2019-5-14", XSDDate), XSDDate, false},
		{rdf.Literal("14/05/2019", XSDDate), XSDDate, false},
		{rdf.String("2019-05-14"), XSDDate, false},
		{rdf.Literal("2020-04", XSDGYearMonth), XSDGYearMonth, true},
		{rdf.Literal("2020-13", XSDGYearMonth), XSDGYearMonth, false},
		{rdf.Literal("2019", XSDGYear), XSDGYear, true},
		{rdf.Literal("19", XSDGYear), XSDGYear, false},
		{rdf.Literal("2099-01-15T12:00:00Z", XSDDateTime), XSDDateTime, true},
		{rdf.Literal("2099-01-15 12:00", XSDDateTime), XSDDateTime, false},
		{rdf.Literal("6", XSDNonNegativeInteger), XSDNonNegativeInteger, true},
		{rdf.Literal("-6", XSDNonNegativeInteger), XSDNonNegativeInteger, false},
		{rdf.Literal("-6", XSDInteger), XSDInteger, true},
		{rdf.Literal("2.5", XSDDecimal), XSDDecimal, true},
		{rdf.Literal("2,5", XSDDecimal), XSDDecimal, false},
		{rdf.LangString("nom", "fr"), RDFLangString, true},
		{rdf.String("nom"), RDFLangString, false},
		{rdf.IRI("http://x/"), XSDString, false},
		{rdf.Literal("anything", "http://x/dt"), "http://x/dt", true},
		{rdf.Literal("127", XSDNS+"byte"), XSDNS + "byte", true},
		{rdf.Literal("300", XSDNS+"byte"), XSDNS + "byte", false},
		{rdf.Literal("c", XSDNS+"byte"), XSDNS + "byte", false},
		{rdf.Literal("0", XSDNS+"positiveInteger"), XSDNS + "positiveInteger", false},
		{rdf.Literal("18446744073709551615", XSDNS+"unsignedLong"), XSDNS + "unsignedLong", true},
		{rdf.Literal("-1.5E3", XSDNS+"double"), XSDNS + "double", true},
		{rdf.Literal("1,5", XSDNS+"double"), XSDNS + "double", false},
	} {
		if got := hasDatatype(tc.v, tc.dt); got != tc.want {
			t.Errorf("hasDatatype(%v, %s) = %v, want %v", tc.v, tc.dt, got, tc.want)
		}
	}
}

func TestCompareValues(t *testing.T) {
	date := func(s string) rdf.Term { return rdf.Literal(s, XSDDate) }
	for _, tc := range []struct {
		a, b   rdf.Term
		want   int
		wantOK bool
	}{
		{date("2099-01-15"), date("2099-06-30"), -1, true},
		{date("2099-06-30"), date("2099-01-15"), 1, true},
		{date("2099-01-15"), date("2099-01-15"), 0, true},
		{date("2099-02-30"), date("2099-06-30"), 0, false},
		{date("2099-01-15"), rdf.String("2099-06-30"), 0, false},
		{rdf.Literal("2019", XSDGYear), rdf.Literal("2020", XSDGYear), -1, true},
		{rdf.Literal("10", XSDInteger), rdf.Literal("9", XSDInteger), 1, true},
		{rdf.Literal("2.50", XSDDecimal), rdf.Literal("2.5", XSDDecimal), 0, true},
		{rdf.Literal("1", XSDInteger), date("2099-01-15"), 0, false},
		{rdf.IRI("http://x/"), date("2099-01-15"), 0, false},
		{rdf.LangString("a", "fr"), rdf.LangString("b", "fr"), -1, true},
		{rdf.LangString("a", "fr"), rdf.LangString("b", "en"), 0, false},
	} {
		got, ok := compareValues(tc.a, tc.b)
		if ok != tc.wantOK || (ok && got != tc.want) {
			t.Errorf("compareValues(%v, %v) = %d, %v; want %d, %v", tc.a, tc.b, got, ok, tc.want, tc.wantOK)
		}
	}
}
