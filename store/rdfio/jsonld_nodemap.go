package rdfio

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// json-gold's node map generation adds each value of a property with
// ld.AddValue, which first compares it with every value already there
// (ld.HasValue): n values of one property cost n² comparisons (10,000
// values took seconds). ruche works around it: before the node map is
// generated, long lists of plain values (value objects and references to
// IRIs) are taken out of the expanded document, and put back into the node
// map afterwards, de-duplicated with a hash set in linear time. Long lists
// of types (@type) are held out the same way.

// longValueList is the length from which a property's values are held out.
const longValueList = 32

// heldValues are values of one property of one node, held out of the
// expanded document. graph and id are as the document wrote them (blank
// node identifiers before json-gold relabels them).
type heldValues struct {
	graph, id, prop string
	values          []any
}

// holdLongValues takes the long value lists out of expanded, giving an
// identifier to the nodes that hold one and have none, and returns them.
// The document's nesting is bounded (maxJSONNesting), and so is this
// recursion.
func holdLongValues(expanded any) []heldValues {
	h := holder{}
	h.walk(expanded, "@default")
	return h.held
}

type holder struct {
	held   []heldValues
	fresh  int
	prefix string // random, so that no label of the document can collide
}

func (h *holder) newID() string {
	if h.prefix == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		h.prefix = "_:held-" + hex.EncodeToString(b[:]) + "-"
	}
	h.fresh++
	return h.prefix + strconv.Itoa(h.fresh)
}

func (h *holder) walk(v any, graph string) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			h.walk(e, graph)
		}
	case map[string]any:
		if _, ok := x["@value"]; ok {
			return
		}
		if l, ok := x["@list"]; ok {
			h.walk(l, graph)
			return
		}
		if s, ok := x["@set"]; ok {
			h.walk(s, graph)
			return
		}
		h.node(x, graph)
	}
}

// node holds the long value lists of the node object n, then walks what
// is left of it.
func (h *holder) node(n map[string]any, graph string) {
	id, _ := n["@id"].(string)
	for k, v := range n {
		arr, ok := v.([]any)
		if (strings.HasPrefix(k, "@") && k != "@type") || !ok || len(arr) < longValueList {
			continue
		}
		var kept, held []any
		for _, e := range arr {
			if plainValue(e) || (k == "@type" && iriString(e)) {
				held = append(held, e)
			} else {
				kept = append(kept, e)
			}
		}
		if len(held) == 0 {
			continue
		}
		if id == "" {
			id = h.newID()
			n["@id"] = id
		}
		if kept == nil {
			kept = []any{}
		}
		n[k] = kept
		h.held = append(h.held, heldValues{graph: graph, id: id, prop: k, values: held})
	}
	for k, v := range n {
		switch {
		case k == "@graph":
			if id == "" {
				id = h.newID()
				n["@id"] = id
			}
			h.walk(v, id)
		case k == "@reverse":
			if r, ok := v.(map[string]any); ok {
				for _, rv := range r {
					h.walk(rv, graph)
				}
			}
		case k == "@included" || !strings.HasPrefix(k, "@"):
			h.walk(v, graph)
		}
	}
}

// plainValue reports a value object, or a reference to a node by IRI
// alone: values the node map adds as they are.
func plainValue(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if _, ok := m["@value"]; ok {
		return true
	}
	id, ok := m["@id"].(string)
	return ok && len(m) == 1 && !strings.HasPrefix(id, "_:")
}

// iriString reports a string that is not a blank node identifier (a type
// the node map adds as it is).
func iriString(v any) bool {
	s, ok := v.(string)
	return ok && !strings.HasPrefix(s, "_:")
}

// restoreHeld puts held values back into the node map json-gold made,
// skipping duplicates as ld.AddValue would.
func restoreHeld(nodeMap map[string]any, issuer *ld.IdentifierIssuer, held []heldValues) error {
	relabel := func(id string) string {
		if strings.HasPrefix(id, "_:") {
			return issuer.GetId(id)
		}
		return id
	}
	for _, hv := range held {
		gname := hv.graph
		if gname != "@default" {
			gname = relabel(gname)
		}
		g, _ := nodeMap[gname].(map[string]any)
		if g == nil {
			g = map[string]any{}
			nodeMap[gname] = g
		}
		id := relabel(hv.id)
		node, _ := g[id].(map[string]any)
		if node == nil {
			node = map[string]any{"@id": id}
			g[id] = node
		}
		list, _ := node[hv.prop].([]any)
		seen := make(map[string]bool, len(list)+len(hv.values))
		for _, v := range list {
			k, err := json.Marshal(v)
			if err != nil {
				return err
			}
			seen[string(k)] = true
		}
		for _, v := range hv.values {
			k, err := json.Marshal(v)
			if err != nil {
				return err
			}
			if seen[string(k)] {
				continue
			}
			seen[string(k)] = true
			list = append(list, v)
			if ref, ok := v.(map[string]any); ok {
				if rid, ok := ref["@id"].(string); ok && len(ref) == 1 {
					if _, exists := g[rid]; !exists {
						g[rid] = map[string]any{"@id": rid}
					}
				}
			}
		}
		node[hv.prop] = list
	}
	return nil
}
