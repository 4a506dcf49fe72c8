package rdfio

import (
	"math"
	"testing"
)

func TestES6Number(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1, "1"},
		{-1.5, "-1.5"},
		{4.5, "4.5"},
		{0.002, "0.002"},
		{0.000001, "0.000001"},
		{1e-7, "1e-7"},
		{-1.5e-7, "-1.5e-7"},
		{1e21, "1e+21"},
		{123456789012345680000, "123456789012345680000"},
		{333333333.3333333, "333333333.3333333"},
		{1.7976931348623157e308, "1.7976931348623157e+308"},
		{5e-324, "5e-324"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			got, err := es6Number(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("es6Number(%v) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	if _, err := es6Number(math.Inf(1)); err == nil {
		t.Error("es6Number(+Inf): no error")
	}
}

func TestCanonicalJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"sorted keys, no space", `{"b": 1, "a": [true, null, "x"]}`, `{"a":[true,null,"x"],"b":1}`},
		{"UTF-16 key order", `{"\ufb33": 1, "\ud83d\ude00": 2, "\u20ac": 3}`, `{"€":3,"😀":2,"דּ":1}`},
		{"minimal escapes", `"\u001f\n\"\\/<\u2028\u00e9"`, `"\u001f\n\"\\/<` + "\u2028" + `é"`},
		{"numbers", `[1.0, 1e2, -0.5e-9, 10000000000000000000000]`, `[1,100,-5e-10,1e+22]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := parseJSON([]byte(tc.in), "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := canonicalJSON(v)
			if err != nil || got != tc.want {
				t.Errorf("got %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}

func TestCanonicalDouble(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{1.1, "1.1E0"}, {0.5, "5.0E-1"}, {-1e21, "-1.0E21"}, {123.456, "1.23456E2"}, {math.Inf(-1), "-INF"},
	}
	for _, tc := range tests {
		if got := canonicalDouble(tc.in); got != tc.want {
			t.Errorf("canonicalDouble(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWellFormed(t *testing.T) {
	iris := map[string]bool{
		"http://ex/a": true, "urn:x": true, "g:h": true, "_:b": false, "rel/path": false,
		"http://ex/a b": false, "1http://x": false, ":x": false, "http://ex/<a>": false, "http://ex/a#b#c": false,
	}
	for s, want := range iris {
		if got := wellFormedIRI(s); got != want {
			t.Errorf("wellFormedIRI(%q) = %v, want %v", s, got, want)
		}
	}
	langs := map[string]bool{"fr": true, "en-US": true, "zh-Hant-TW": true, "": false, "en_US": false, "toolongtag": false}
	for s, want := range langs {
		if got := wellFormedLang(s); got != want {
			t.Errorf("wellFormedLang(%q) = %v, want %v", s, got, want)
		}
	}
}
