package expr

import (
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// dateTime is a parsed xsd:dateTime or xsd:date value.
type dateTime struct {
	isDate  bool
	year    int64
	month   int
	day     int
	hour    int
	minute  int
	second  int
	frac    string // fraction digits of the seconds, without the point
	hasTZ   bool
	tzMin   int    // offset from UTC in minutes
	tzLex   string // the time zone as written ("Z", "-05:00")
	secLex  string // the seconds as written ("13.815")
	instant int64  // seconds since 1970-01-01T00:00:00 of the value (in UTC when hasTZ)
	nanos   int64
}

func daysInMonth(y int64, m int) int {
	switch m {
	case 2:
		if (y%4 == 0 && y%100 != 0) || y%400 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days since 1970-01-01 of a proleptic
// Gregorian date (year 0 is 1 BCE).
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	var era int64
	if y >= 0 {
		era = y / 400
	} else {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || !allDigits(s) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// parseDateTimeTerm parses a literal of type xsd:dateTime or xsd:date.
// ok is false when t has another type.
func parseDateTimeTerm(t rdf.Term) (dateTime, bool, error) {
	var d dateTime
	ok, err := parseDateTimeInto(&d, t)
	return d, ok, err
}

// parseDateTimeInto is [parseDateTimeTerm] into *d.
func parseDateTimeInto(d *dateTime, t rdf.Term) (bool, error) {
	if t.Kind != rdf.KindLiteral {
		return false, nil
	}
	var isDate bool
	switch t.Datatype {
	case rdf.XSDDateTime:
	case rdf.XSDDate:
		isDate = true
	default:
		return false, nil
	}
	if !parseDateTimeLexInto(d, strings.TrimSpace(t.Value), isDate) {
		return true, typeErrorf("invalid lexical form %q for %s", t.Value, t.Datatype)
	}
	return true, nil
}

// parseDateTimeLex parses the lexical form of an xsd:dateTime (or of an
// xsd:date when isDate).
func parseDateTimeLex(s string, isDate bool) (dateTime, bool) {
	var d dateTime
	ok := parseDateTimeLexInto(&d, s, isDate)
	return d, ok
}

// parseDateTimeLexInto is [parseDateTimeLex] into *d.
func parseDateTimeLexInto(d *dateTime, s string, isDate bool) bool {
	*d = dateTime{isDate: isDate}
	neg := s != "" && s[0] == '-'
	if neg {
		s = s[1:]
	}
	// The year: four digits or more, without leading zero beyond four.
	// Years beyond nine digits would overflow the instant arithmetic.
	var y int64
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		y = y*10 + int64(s[i]-'0')
		if i == 9 {
			return false
		}
	}
	if i < 4 || i == len(s) || s[i] != '-' || (i > 4 && s[0] == '0') {
		return false
	}
	if neg {
		y = -y
	}
	d.year = y
	s = s[i+1:]
	if len(s) < 5 || s[2] != '-' {
		return false
	}
	var ok1, ok2 bool
	d.month, ok1 = twoDigits(s[:2])
	d.day, ok2 = twoDigits(s[3:5])
	if !ok1 || !ok2 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysInMonth(d.year, d.month) {
		return false
	}
	s = s[5:]
	if !isDate {
		if len(s) < 9 || s[0] != 'T' || s[3] != ':' || s[6] != ':' {
			return false
		}
		var ok3 bool
		d.hour, ok1 = twoDigits(s[1:3])
		d.minute, ok2 = twoDigits(s[4:6])
		d.second, ok3 = twoDigits(s[7:9])
		if !ok1 || !ok2 || !ok3 || d.hour > 24 || d.minute > 59 || d.second > 59 {
			return false
		}
		secEnd := 9
		if len(s) > 9 && s[9] == '.' {
			j := 10
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == 10 {
				return false
			}
			d.frac = s[10:j]
			secEnd = j
		}
		d.secLex = s[7:secEnd]
		if d.hour == 24 && (d.minute != 0 || d.second != 0 || strings.Trim(d.frac, "0") != "") {
			return false
		}
		s = s[secEnd:]
	}
	switch {
	case s == "":
	case s == "Z":
		d.hasTZ, d.tzLex = true, s
	case len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':':
		h, ok1 := twoDigits(s[1:3])
		m, ok2 := twoDigits(s[4:6])
		if !ok1 || !ok2 || m > 59 || h > 14 || (h == 14 && m != 0) {
			return false
		}
		d.hasTZ, d.tzLex, d.tzMin = true, s, h*60+m
		if s[0] == '-' {
			d.tzMin = -d.tzMin
		}
	default:
		return false
	}
	d.instant = daysFromCivil(d.year, d.month, d.day)*86400 + int64(d.hour*3600+d.minute*60+d.second) - int64(d.tzMin)*60
	for k := 0; k < 9; k++ {
		d.nanos *= 10
		if k < len(d.frac) {
			d.nanos += int64(d.frac[k] - '0')
		}
	}
	return true
}

func cmpInstant(as, an, bs, bn int64) int {
	switch {
	case as < bs:
		return -1
	case as > bs:
		return 1
	case an < bn:
		return -1
	case an > bn:
		return 1
	}
	return 0
}

// cmpDateTimes compares two values of the same type per XSD 3.2.7.4: when
// only one has a time zone, the other may lie anywhere within 14 hours of
// it, and an overlap makes the comparison indeterminate (a type error).
func cmpDateTimes(a, b dateTime) (int, error) {
	if a.hasTZ == b.hasTZ {
		return cmpInstant(a.instant, a.nanos, b.instant, b.nanos), nil
	}
	const window = 14 * 3600
	if !a.hasTZ {
		c, err := cmpDateTimes(b, a)
		return -c, err
	}
	// a has a time zone, b does not.
	if cmpInstant(a.instant, a.nanos, b.instant-window, b.nanos) < 0 {
		return -1, nil
	}
	if cmpInstant(a.instant, a.nanos, b.instant+window, b.nanos) > 0 {
		return 1, nil
	}
	return 0, typeErrorf("indeterminate comparison of date/time values with and without time zone")
}

// dateTimeArg parses an xsd:dateTime (or, when allowDate, xsd:date)
// argument into *d.
func dateTimeArg(d *dateTime, t rdf.Term, allowDate bool) error {
	ok, err := parseDateTimeInto(d, t)
	if err != nil {
		return err
	}
	if !ok || (d.isDate && !allowDate) {
		return typeErrorf("not an xsd:dateTime: %s", t)
	}
	return nil
}

// secondsDecimal returns the seconds of d as an xsd:decimal.
func (d *dateTime) secondsDecimal() rdf.Term {
	n, ok := parseDecimalLex(d.secLex)
	if !ok {
		n = decNumber(new(big.Rat))
	}
	return n.term()
}

// timezoneDuration returns the time zone of d as an xsd:dayTimeDuration.
func (d *dateTime) timezoneDuration() rdf.Term {
	m := d.tzMin
	if m == 0 {
		return rdf.Literal("PT0S", xsdDayTimeDuration)
	}
	var b strings.Builder
	if m < 0 {
		b.WriteByte('-')
		m = -m
	}
	b.WriteString("PT")
	if m/60 != 0 {
		b.WriteString(strconv.Itoa(m / 60))
		b.WriteByte('H')
	}
	if m%60 != 0 {
		b.WriteString(strconv.Itoa(m % 60))
		b.WriteByte('M')
	}
	return rdf.Literal(b.String(), xsdDayTimeDuration)
}

// DateTime returns the xsd:dateTime literal for t, in UTC with a "Z" when
// t's location is UTC, else with its numeric offset.
func DateTime(t time.Time) rdf.Term {
	s := t.Format("2006-01-02T15:04:05.999999999Z07:00")
	return rdf.Literal(s, rdf.XSDDateTime)
}
