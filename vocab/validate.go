package vocab

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// Violation is one failed constraint: the focus node, the property path
// (zero for a constraint on the node itself), the offending value when the
// constraint is about one value, the SHACL constraint component (an IRI such
// as MinCountComponent), the shape that holds the constraint, and the
// message in French and English (the shape's sh:message, or a generic one).
type Violation struct {
	FocusNode  rdf.Term
	Path       rdf.Term
	Value      rdf.Term
	Constraint string
	Shape      rdf.Term
	Message    Text
}

// String renders the violation on one line, with the French message: focus
// node, path, offending value (when not the focus node itself), component.
func (v Violation) String() string {
	var b strings.Builder
	b.WriteString(v.FocusNode.String())
	if !v.Path.IsZero() {
		b.WriteString(" ")
		b.WriteString(v.Path.String())
	}
	if !v.Value.IsZero() && v.Value != v.FocusNode {
		b.WriteString(" = ")
		b.WriteString(v.Value.String())
	}
	fmt.Fprintf(&b, ": %s: %s", strings.TrimPrefix(v.Constraint, SHNS), v.Message.FR)
	return b.String()
}

// Validator checks data against the shapes of shapes.ttl compiled for one
// base IRI. It is safe for concurrent use.
type Validator struct {
	shapes []*shape
}

// NewValidator parses and compiles shapes.ttl against base.
func NewValidator(base string) (*Validator, error) {
	qs, err := Shapes(base)
	if err != nil {
		return nil, err
	}
	return newValidatorFromQuads(qs)
}

func newValidatorFromQuads(qs []rdf.Quad) (*Validator, error) {
	shapes, err := compileShapes(qs)
	if err != nil {
		return nil, fmt.Errorf("shapes: %w", err)
	}
	return &Validator{shapes: shapes}, nil
}

var validators sync.Map // base → *Validator

// Validate checks quads (the union of their graphs) against the shapes for
// base and returns every violation, in a deterministic order; none means the
// data conforms. The error is about the shapes or the base, not the data.
func Validate(base string, quads []rdf.Quad) ([]Violation, error) {
	v, err := validatorFor(base)
	if err != nil {
		return nil, err
	}
	return v.Validate(quads), nil
}

func validatorFor(base string) (*Validator, error) {
	if v, ok := validators.Load(base); ok {
		return v.(*Validator), nil
	}
	v, err := NewValidator(base)
	if err != nil {
		return nil, err
	}
	validators.Store(base, v)
	return v, nil
}

// ValidateFile reads an RDF file (format from its extension) with base as
// its base IRI and as the base of the shapes ("" means DefaultBase), and
// validates it as written, without materialisation. Syntax errors are
// returned as errors (a *rdfio.SyntaxError inside).
func ValidateFile(path, base string) ([]Violation, error) {
	if base == "" {
		base = DefaultBase
	}
	f, err := rdfio.FormatFromPath(path)
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", path, err)
	}
	r, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	defer r.Close()
	qs, err := decodeAll(f, r, rdfio.DecodeOptions{BaseIRI: base, Name: path, Contexts: Contexts(base)})
	if err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return Validate(base, qs)
}

// Validate checks quads (the union of their graphs) and returns every
// violation, ordered by shape IRI, then focus node (both by rdf.Compare),
// then the shape's constraints; the order does not depend on the order of
// quads.
func (v *Validator) Validate(quads []rdf.Quad) []Violation {
	g := newGraph(quads)
	var out []Violation
	for _, sh := range v.shapes {
		for _, n := range focusNodes(g, sh) {
			out = append(out, check(g, sh, n, nil)...)
		}
	}
	return out
}

// focusNodes returns the targets of sh in g, sorted and without duplicates.
func focusNodes(g *graph, sh *shape) []rdf.Term {
	var focus []rdf.Term
	for _, class := range sh.targets {
		focus = append(focus, g.instances(class)...)
	}
	focus = append(focus, sh.targetNodes...)
	for _, p := range sh.subjectsOf {
		for _, s := range g.subjects {
			if len(g.objects(s, p)) > 0 {
				focus = append(focus, s)
			}
		}
	}
	for _, p := range sh.objectsOf {
		for _, s := range g.subjects {
			focus = append(focus, g.objects(s, p)...)
		}
	}
	slices.SortFunc(focus, rdf.Compare)
	return slices.Compact(focus)
}

// check validates focus against sh and returns the violations. stop, when
// not nil, is set as soon as one violation is found and the work stops
// early (used by sh:or and sh:qualifiedValueShape, which need a yes or no).
func check(g *graph, sh *shape, focus rdf.Term, stop *bool) []Violation {
	var out []Violation
	report := func(path, value rdf.Term, component string) {
		out = append(out, Violation{
			FocusNode: focus, Path: path, Value: value, Constraint: component,
			Shape: sh.id, Message: message(sh, component),
		})
		if stop != nil {
			*stop = true
		}
	}
	values := []rdf.Term{focus}
	var path rdf.Term
	if sh.path != "" {
		path = rdf.IRI(sh.path)
		values = g.objects(focus, sh.path)
		if sh.minCount >= 0 && len(values) < sh.minCount {
			report(path, rdf.Term{}, MinCountComponent)
		}
		if sh.maxCount >= 0 && len(values) > sh.maxCount {
			report(path, rdf.Term{}, MaxCountComponent)
		}
		if sh.uniqueLang {
			count := map[string]int{}
			for _, v := range values {
				if v.IsLiteral() && v.Lang != "" {
					count[strings.ToLower(v.Lang)]++
				}
			}
			// One violation per duplicated language; they are identical,
			// so map order does not matter.
			for _, n := range count {
				if n > 1 {
					report(path, rdf.Term{}, UniqueLangComponent)
				}
			}
		}
		for _, other := range sh.lessThan {
			for _, v := range values {
				for _, w := range g.objects(focus, other) {
					if c, ok := compareValues(v, w); !ok || c >= 0 {
						report(path, v, LessThanComponent)
					}
				}
			}
		}
		for _, other := range sh.lessOrEqual {
			for _, v := range values {
				for _, w := range g.objects(focus, other) {
					if c, ok := compareValues(v, w); !ok || c > 0 {
						report(path, v, LessThanOrEqualsComponent)
					}
				}
			}
		}
		if sh.qualified != nil {
			n := 0
			for _, v := range values {
				if conforms(g, sh.qualified, v) {
					n++
				}
			}
			if sh.qualifiedMin >= 0 && n < sh.qualifiedMin {
				report(path, rdf.Term{}, QualifiedMinCountComponent)
			}
			if sh.qualifiedMax >= 0 && n > sh.qualifiedMax {
				report(path, rdf.Term{}, QualifiedMaxCountComponent)
			}
		}
	}
	for _, v := range values {
		if stop != nil && *stop {
			return out
		}
		for _, comp := range valueViolations(g, sh, v) {
			report(path, v, comp)
		}
		for _, ps := range sh.properties {
			out = append(out, check(g, ps, v, stop)...)
			if stop != nil && *stop {
				return out
			}
		}
	}
	return out
}

// conforms reports whether v conforms to sh (as a focus node).
func conforms(g *graph, sh *shape, v rdf.Term) bool {
	stop := false
	check(g, sh, v, &stop)
	return !stop
}

// valueViolations returns the components of sh that value node v violates.
func valueViolations(g *graph, sh *shape, v rdf.Term) []string {
	var out []string
	if sh.datatype != "" && !hasDatatype(v, sh.datatype) {
		out = append(out, DatatypeComponent)
	}
	for _, c := range sh.classes {
		if !g.isInstance(v, c) {
			out = append(out, ClassComponent)
		}
	}
	if sh.nodeKind != "" && !hasNodeKind(v, sh.nodeKind) {
		out = append(out, NodeKindComponent)
	}
	if sh.hasIn && !slices.Contains(sh.in, v) {
		out = append(out, InComponent)
	}
	if sh.pattern != nil && (v.IsBlank() || !sh.pattern.MatchString(v.Value)) {
		out = append(out, PatternComponent)
	}
	if sh.minLength >= 0 && (v.IsBlank() || utf8.RuneCountInString(v.Value) < sh.minLength) {
		out = append(out, MinLengthComponent)
	}
	if sh.maxLength >= 0 && (v.IsBlank() || utf8.RuneCountInString(v.Value) > sh.maxLength) {
		out = append(out, MaxLengthComponent)
	}
	if len(sh.languageIn) > 0 && !languageIn(v, sh.languageIn) {
		out = append(out, LanguageInComponent)
	}
	for _, group := range sh.or {
		ok := false
		for _, alt := range group {
			if conforms(g, alt, v) {
				ok = true
				break
			}
		}
		if !ok {
			out = append(out, OrComponent)
		}
	}
	return out
}

func hasNodeKind(v rdf.Term, kind string) bool {
	switch kind {
	case SHIRI:
		return v.IsIRI()
	case SHBlankNode:
		return v.IsBlank()
	case SHLiteral:
		return v.IsLiteral()
	case SHBlankNodeOrIRI:
		return v.IsBlank() || v.IsIRI()
	case SHBlankNodeOrLiteral:
		return v.IsBlank() || v.IsLiteral()
	case SHIRIOrLiteral:
		return v.IsIRI() || v.IsLiteral()
	}
	return false
}

// languageIn matches SPARQL langMatches with basic ranges: "fr" accepts
// "fr" and "fr-CA".
func languageIn(v rdf.Term, ranges []string) bool {
	if !v.IsLiteral() || v.Lang == "" {
		return false
	}
	tag := strings.ToLower(v.Lang)
	for _, r := range ranges {
		if tag == r || strings.HasPrefix(tag, r+"-") {
			return true
		}
	}
	return false
}
