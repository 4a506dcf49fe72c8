// Package negotiate owns HTTP content negotiation for ruche: it parses
// Accept and Accept-Language headers per RFC 9110 §12.5 and picks the best of
// the server's offers, honouring q-values (q=0 means "not acceptable"),
// specificity (type/sub beats type/* beats */*) and, on ties, the server's
// order of preference.
//
// Gin's own NegotiateFormat ignores q-values, so ruche does not use it.
package negotiate

import (
	"mime"
	"sort"
	"strconv"
	"strings"
)

// A mediaRange is one element of an Accept header.
type mediaRange struct {
	typ, sub    string
	params      map[string]string
	q           float64
	specificity int
}

// parseAccept parses an Accept header into media ranges; malformed elements
// are ignored, as RFC 9110 allows. The result is ordered by preference.
func parseAccept(header string) []mediaRange {
	var ranges []mediaRange
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		mt, params, err := mime.ParseMediaType(part)
		if err != nil {
			// mime rejects "*" alone, which some clients send.
			if strings.HasPrefix(part, "*") && !strings.HasPrefix(part, "*/") {
				mt, params, err = mime.ParseMediaType("*/*" + strings.TrimPrefix(part, "*"))
			}
			if err != nil {
				continue
			}
		}
		if mt == "*" {
			mt = "*/*"
		}
		typ, sub, ok := strings.Cut(mt, "/")
		if !ok || typ == "" || sub == "" || (typ == "*" && sub != "*") {
			continue
		}
		r := mediaRange{typ: typ, sub: sub, q: 1}
		if qs, ok := params["q"]; ok {
			q, err := strconv.ParseFloat(qs, 64)
			if err != nil || q < 0 || q > 1 {
				continue
			}
			r.q = q
			delete(params, "q")
		}
		r.params = params
		switch {
		case typ == "*":
			r.specificity = 0
		case sub == "*":
			r.specificity = 1
		default:
			r.specificity = 2 + len(params)
		}
		ranges = append(ranges, r)
	}
	sort.SliceStable(ranges, func(i, j int) bool {
		if ranges[i].q != ranges[j].q {
			return ranges[i].q > ranges[j].q
		}
		return ranges[i].specificity > ranges[j].specificity
	})
	return ranges
}

// matches reports whether the range covers the offered media type and how
// specifically.
func (r mediaRange) matches(offer string, offerParams map[string]string) (int, bool) {
	typ, sub, _ := strings.Cut(offer, "/")
	switch {
	case r.typ == "*":
		return 0, true
	case r.typ != typ:
		return 0, false
	case r.sub == "*":
		return 1, true
	case r.sub != sub:
		return 0, false
	}
	for k, v := range r.params {
		if offerParams[k] != v {
			return 0, false
		}
	}
	return 2 + len(r.params), true
}

// Best returns the offer (a media type, possibly with parameters) that the
// Accept header prefers, and false if none is acceptable. An empty header
// accepts anything, and the first offer wins.
func Best(accept string, offers []string) (string, bool) {
	groups := make([][]string, len(offers))
	for i, o := range offers {
		groups[i] = []string{o}
	}
	i, ok := Choose(accept, groups)
	if !ok {
		return "", false
	}
	return offers[i], true
}

// Choose returns the index of the offer the Accept header prefers, and
// false if none is acceptable. An offer is one representation known by one
// or more media types (text/turtle and text/n3, say): its quality is the
// best its media types get. An empty header accepts anything, and the
// first offer wins; ties keep the server's earlier offer.
func Choose(accept string, offers [][]string) (int, bool) {
	if len(offers) == 0 {
		return -1, false
	}
	if strings.TrimSpace(accept) == "" {
		return 0, true
	}
	ranges := parseAccept(accept)
	best, bestQ := -1, 0.0
	for i, types := range offers {
		q := -1.0
		for _, t := range types {
			q = max(q, quality(ranges, t))
		}
		if q > bestQ {
			best, bestQ = i, q
		}
	}
	return best, best >= 0
}

// quality is the q-value the most specific range matching the media type
// gives it, -1 when no range matches.
func quality(ranges []mediaRange, offer string) float64 {
	mt, params, err := mime.ParseMediaType(offer)
	if err != nil {
		return -1
	}
	q, spec := -1.0, -1
	for _, r := range ranges {
		if s, ok := r.matches(mt, params); ok && s > spec {
			q, spec = r.q, s
		}
	}
	return q
}

// Names reports whether the Accept header names one of the media types
// itself (not through a wildcard) with a non-zero q-value.
func Names(accept string, types []string) bool {
	for _, r := range parseAccept(accept) {
		if r.typ == "*" || r.sub == "*" || r.q <= 0 {
			continue
		}
		for _, t := range types {
			if strings.EqualFold(r.typ+"/"+r.sub, t) {
				return true
			}
		}
	}
	return false
}

// Language picks the best of the offered language tags for an
// Accept-Language header (basic filtering, RFC 4647 §3.3.1), falling back
// to the first offer when nothing matches or the header is empty.
func Language(header string, offers []string) string {
	if len(offers) == 0 {
		return ""
	}
	type langRange struct {
		tag string
		q   float64
	}
	var ranges []langRange
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		if tag == "" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		if q > 0 {
			ranges = append(ranges, langRange{tag, q})
		}
	}
	sort.SliceStable(ranges, func(i, j int) bool { return ranges[i].q > ranges[j].q })
	for _, r := range ranges {
		for _, offer := range offers {
			o := strings.ToLower(offer)
			if r.tag == "*" || o == r.tag || strings.HasPrefix(o, r.tag+"-") || strings.HasPrefix(r.tag, o+"-") {
				return offer
			}
		}
	}
	return offers[0]
}
