// Package collection holds the rules of the site's paged lists (api's
// collections.go) that depend neither on the store nor on HTTP: the filter
// parameters and their canonical order, the paging bounds, the canonical
// query string of a page, its RFC 8288 Link headers, the variables of the
// Hydra search template, and the order of the members (French collation of
// their labels, then the labels, then the IRIs).
package collection

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/ruche-lod/ruche/vocab"
)

// Paging bounds.
const (
	DefaultSize = 20
	MaxSize     = 100
)

// Filter is a filter parameter: a member must have Prop with the value, a
// concept of Scheme (named by its slug in the scheme or by its IRI).
type Filter struct {
	Name   string
	Prop   string
	Scheme string // path of the scheme under concept/
}

// Filters are the filter parameters, in their canonical order. Every list
// accepts them all; its form shows those of its kind (vocab.Kind.Filters).
var Filters = []Filter{
	{"status", vocab.RadnStatus, vocab.SchemeStatus},
	{"kind", vocab.RadnKind, vocab.SchemeChantierKind},
	{"theme", vocab.RadnTheme, vocab.SchemeTheme},
}

// FilterNamed returns the filter parameter name.
func FilterNamed(name string) (Filter, bool) {
	i := slices.IndexFunc(Filters, func(f Filter) bool { return f.Name == name })
	if i < 0 {
		return Filter{}, false
	}
	return Filters[i], true
}

// Query is a validated request for one page of a list.
type Query struct {
	Filters map[string]string // parameter → concept IRI
	Page    int               // from 1
	Size    int
}

// Last is the number of the last page for total members (1 when empty).
func (q Query) Last(total int) int {
	return max(1, (total+q.Size-1)/q.Size)
}

// String renders the canonical query string of a page: the filters in
// their order, then page and size (size only when not the default) when
// withPage; "" when nothing is set.
func (q Query) String(page int, withPage bool) string {
	v := url.Values{}
	for _, f := range Filters {
		if iri, ok := q.Filters[f.Name]; ok {
			v.Set(f.Name, iri)
		}
	}
	if withPage {
		v.Set("page", strconv.Itoa(page))
		if q.Size != DefaultSize {
			v.Set("size", strconv.Itoa(q.Size))
		}
	}
	if enc := v.Encode(); enc != "" {
		return "?" + enc
	}
	return ""
}

// Links are the RFC 8288 Link headers of a page of path (first, prev,
// next, last), for clients that do not read Hydra.
func Links(path string, q Query, total int) []string {
	last := q.Last(total)
	href := func(p int) string { return path + q.String(p, true) }
	links := []string{fmt.Sprintf("<%s>; rel=\"first\"", href(1))}
	if q.Page > 1 {
		links = append(links, fmt.Sprintf("<%s>; rel=\"prev\"", href(q.Page-1)))
	}
	if q.Page < last {
		links = append(links, fmt.Sprintf("<%s>; rel=\"next\"", href(q.Page+1)))
	}
	return append(links, fmt.Sprintf("<%s>; rel=\"last\"", href(last)))
}

// Mapping is one variable of the Hydra search template and the property
// it stands for.
type Mapping struct{ Variable, Property string }

// SearchTemplate is the hydra:search template of a list at iri and its
// variables: the filters, then page and size.
func SearchTemplate(iri string) (string, []Mapping) {
	var vars []string
	var maps []Mapping
	for _, f := range Filters {
		vars = append(vars, f.Name)
		maps = append(maps, Mapping{f.Name, f.Prop})
	}
	maps = append(maps, Mapping{"page", vocab.HydraNS + "pageIndex"}, Mapping{"size", vocab.HydraNS + "limit"})
	return iri + "{?" + strings.Join(append(vars, "page", "size"), ",") + "}", maps
}

// A collator for sort keys (it keeps buffers: one user at a time).
var (
	keyCollatorMu sync.Mutex
	keyCollator   = collate.New(language.French, collate.IgnoreCase, collate.IgnoreDiacritics)
)

// collationKeys returns the French sort keys of labels, computed once per
// label instead of once per comparison.
func collationKeys(labels []string) [][]byte {
	keyCollatorMu.Lock()
	defer keyCollatorMu.Unlock()
	var buf collate.Buffer
	keys := make([][]byte, len(labels))
	for i, s := range labels {
		keys[i] = bytes.Clone(keyCollator.KeyFromString(&buf, s))
		buf.Reset()
	}
	return keys
}

// Order sorts iris, whose labels are labels (same length), as a French
// reader expects: by label with accents and case folded, then by label,
// then by IRI. It sorts iris in place and returns it.
func Order(iris, labels []string) []string {
	type keyed struct {
		iri, label string
		key        []byte
	}
	items := make([]keyed, len(iris))
	for i, k := range collationKeys(labels) {
		items[i] = keyed{iris[i], labels[i], k}
	}
	slices.SortFunc(items, func(a, b keyed) int {
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		if c := strings.Compare(a.label, b.label); c != 0 {
			return c
		}
		return strings.Compare(a.iri, b.iri)
	})
	for i, it := range items {
		iris[i] = it.iri
	}
	return iris
}
