package rdfio

import "strconv"

// json-gold's compaction treats the value of a @json value object like
// any other array or object (compactArrays unwraps [x] and drops []), so
// JSON literals are swapped for marker strings before compaction or
// framing and put back afterwards.

const jsonMarker = "\x00ruche-json-literal-"

type jsonValues struct {
	vals []any
}

// hide replaces, in place, the @value of each @json value object of an
// expanded document by a marker string.
func (j *jsonValues) hide(v any) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			j.hide(e)
		}
	case map[string]any:
		if val, isValue := x["@value"]; isValue {
			if x["@type"] == "@json" {
				x["@value"] = jsonMarker + strconv.Itoa(len(j.vals))
				j.vals = append(j.vals, val)
			}
			return
		}
		for _, e := range x {
			j.hide(e)
		}
	}
}

// restore puts the hidden values back wherever compaction moved their
// markers, and returns v.
func (j *jsonValues) restore(v any) any {
	if len(j.vals) == 0 {
		return v
	}
	switch x := v.(type) {
	case string:
		if n, ok := j.index(x); ok {
			return j.vals[n]
		}
	case []any:
		for i, e := range x {
			x[i] = j.restore(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = j.restore(e)
		}
	}
	return v
}

func (j *jsonValues) index(s string) (int, bool) {
	if len(s) <= len(jsonMarker) || s[:len(jsonMarker)] != jsonMarker {
		return 0, false
	}
	n, err := strconv.Atoi(s[len(jsonMarker):])
	if err != nil || n < 0 || n >= len(j.vals) {
		return 0, false
	}
	return n, true
}
