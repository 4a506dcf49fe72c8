package expr

import (
	"testing"
	"time"
)

func TestDateFunctions(t *testing.T) {
	const dt = `"2011-01-10T14:45:13.815-05:00"^^xsd:dateTime`
	runCallCases(t, []callCase{
		{"YEAR", []string{dt}, "2011"},
		{"MONTH", []string{dt}, "1"},
		{"DAY", []string{dt}, "10"},
		{"HOURS", []string{dt}, "14"},
		{"MINUTES", []string{dt}, "45"},
		{"SECONDS", []string{dt}, "13.815"},
		{"SECONDS", []string{`"2011-01-10T14:45:13Z"^^xsd:dateTime`}, "13.0"},
		{"TIMEZONE", []string{dt}, `"-PT5H"^^xsd:dayTimeDuration`},
		{"TIMEZONE", []string{`"2011-01-10T14:45:13Z"^^xsd:dateTime`}, `"PT0S"^^xsd:dayTimeDuration`},
		{"TIMEZONE", []string{`"2011-01-10T14:45:13+05:30"^^xsd:dateTime`}, `"PT5H30M"^^xsd:dayTimeDuration`},
		{"TIMEZONE", []string{`"2011-01-10T14:45:13-00:30"^^xsd:dateTime`}, `"-PT30M"^^xsd:dayTimeDuration`},
		{"TIMEZONE", []string{`"2011-01-10T14:45:13"^^xsd:dateTime`}, errStr},
		{"TZ", []string{dt}, `"-05:00"`},
		{"TZ", []string{`"2011-01-10T14:45:13Z"^^xsd:dateTime`}, `"Z"`},
		{"TZ", []string{`"2011-01-10T14:45:13"^^xsd:dateTime`}, `""`},
		{"YEAR", []string{`"-0044-03-15"^^xsd:date`}, "-44"},
		{"YEAR", []string{`"12345-03-15"^^xsd:date`}, "12345"},
		{"DAY", []string{`"2024-02-29Z"^^xsd:date`}, "29"},
		{"HOURS", []string{`"2024-02-29"^^xsd:date`}, errStr},
		{"YEAR", []string{`"2011-01-10"`}, errStr},
		{"YEAR", []string{`"2011-13-10T00:00:00"^^xsd:dateTime`}, errStr},
		{"YEAR", []string{`"2023-02-29"^^xsd:date`}, errStr},
		{"YEAR", []string{`"02011-01-10"^^xsd:date`}, errStr},
		{"YEAR", []string{`"2011-01-10T25:00:00"^^xsd:dateTime`}, errStr},
		{"YEAR", []string{`"2011-01-10T24:00:01"^^xsd:dateTime`}, errStr},
		{"YEAR", []string{`"2011-01-10T10:00:00+15:00"^^xsd:dateTime`}, errStr},
		{"YEAR", []string{`"2011-01-10T10:00:00."^^xsd:dateTime`}, errStr},
		{"YEAR", []string{`"2011-01-10T10:00"^^xsd:dateTime`}, errStr},
	})
}

func TestDateTimeConstructor(t *testing.T) {
	got := DateTime(time.Date(2026, 1, 2, 3, 4, 5, 600000000, time.FixedZone("", -5*3600)))
	if want := tm(t, `"2026-01-02T03:04:05.6-05:00"^^xsd:dateTime`); got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestHashFunctions(t *testing.T) {
	runCallCases(t, []callCase{
		{"MD5", []string{`"abc"`}, `"900150983cd24fb0d6963f7d28e17f72"`},
		{"MD5", []string{`"abc"^^xsd:string`}, `"900150983cd24fb0d6963f7d28e17f72"`},
		{"SHA1", []string{`"abc"`}, `"a9993e364706816aba3e25717850c26c9cd0d89d"`},
		{"SHA256", []string{`"abc"`}, `"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"`},
		{"SHA384", []string{`"abc"`}, `"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"`},
		{"SHA512", []string{`"abc"`}, `"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"`},
		{"MD5", []string{`"abc"@en`}, errStr},
		{"SHA1", []string{"1"}, errStr},
	})
}
