package vocab

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// The SHACL constraint components the validator reports.
const (
	MinCountComponent          = SHNS + "MinCountConstraintComponent"
	MaxCountComponent          = SHNS + "MaxCountConstraintComponent"
	DatatypeComponent          = SHNS + "DatatypeConstraintComponent"
	ClassComponent             = SHNS + "ClassConstraintComponent"
	NodeKindComponent          = SHNS + "NodeKindConstraintComponent"
	InComponent                = SHNS + "InConstraintComponent"
	PatternComponent           = SHNS + "PatternConstraintComponent"
	MinLengthComponent         = SHNS + "MinLengthConstraintComponent"
	MaxLengthComponent         = SHNS + "MaxLengthConstraintComponent"
	LanguageInComponent        = SHNS + "LanguageInConstraintComponent"
	UniqueLangComponent        = SHNS + "UniqueLangConstraintComponent"
	LessThanComponent          = SHNS + "LessThanConstraintComponent"
	LessThanOrEqualsComponent  = SHNS + "LessThanOrEqualsConstraintComponent"
	OrComponent                = SHNS + "OrConstraintComponent"
	QualifiedMinCountComponent = SHNS + "QualifiedMinCountConstraintComponent"
	QualifiedMaxCountComponent = SHNS + "QualifiedMaxCountConstraintComponent"
)

// Text is a message in French and in English.
type Text struct {
	FR, EN string
}

// shape is a compiled node shape or property shape. A property shape has a
// path; its constraints apply to the values of the path at the focus node. A
// node shape's constraints apply to the focus node itself.
type shape struct {
	id           rdf.Term
	targets      []string   // sh:targetClass, and the shape itself if it is an rdfs:Class
	targetNodes  []rdf.Term // sh:targetNode
	subjectsOf   []string   // sh:targetSubjectsOf
	objectsOf    []string   // sh:targetObjectsOf
	path         string     // predicate IRI; "" for a node shape
	minCount     int        // -1 when absent
	maxCount     int        // -1 when absent
	datatype     string
	classes      []string
	nodeKind     string
	in           []rdf.Term
	hasIn        bool
	pattern      *regexp.Regexp
	minLength    int // -1 when absent
	maxLength    int // -1 when absent
	languageIn   []string
	uniqueLang   bool
	lessThan     []string
	lessOrEqual  []string
	or           [][]*shape
	qualified    *shape
	qualifiedMin int // -1 when absent
	qualifiedMax int // -1 when absent
	properties   []*shape
	message      Text
	height       int // 1 + the height of the shapes it refers to; at most maxShapeNesting
}

// maxShapeNesting bounds how deep shapes refer to shapes (sh:property,
// sh:or, sh:qualifiedValueShape). The validator's check recurses along
// these references and relies on the bound; a deeper shapes graph fails
// to compile.
const maxShapeNesting = 32

// knownShapeProps are the predicates a shape may carry; anything else in
// the SHACL namespace is an unsupported feature and fails compilation, so a
// shapes file never silently means more than the validator checks.
var knownShapeProps = map[string]bool{
	SHTargetClass: true, SHTargetNode: true, SHTargetSubjectsOf: true, SHTargetObjectsOf: true, SHProperty: true, SHPath: true, SHMinCount: true, SHMaxCount: true,
	SHDatatype: true, SHClass: true, SHNodeKind: true, SHIn: true, SHPattern: true,
	SHMinLength: true, SHMaxLength: true, SHLanguageIn: true, SHUniqueLang: true,
	SHLessThan: true, SHLessThanOrEquals: true, SHOr: true, SHFlags: true, SHQualifiedShape: true, SHQualifiedMinCount: true,
	SHQualifiedMaxCount: true, SHMessage: true,
}

var nodeKinds = map[string]bool{
	SHIRI: true, SHBlankNode: true, SHLiteral: true, SHBlankNodeOrIRI: true,
	SHBlankNodeOrLiteral: true, SHIRIOrLiteral: true,
}

// compileShapes reads the shapes of a shapes graph that have targets:
// sh:targetClass, sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf, or
// a shape that is also an rdfs:Class (implicit class target). Shapes without
// targets are compiled when another shape refers to them.
func compileShapes(quads []rdf.Quad) ([]*shape, error) {
	g := newGraph(quads)
	c := compiler{g: g, done: map[rdf.Term]*shape{}, busy: map[rdf.Term]bool{}}
	var out []*shape
	for _, s := range g.subjects {
		types := g.objects(s, RDFType)
		isShape := slices.Contains(types, rdf.IRI(SHNodeShape)) || slices.Contains(types, rdf.IRI(SHPropertyShape))
		implicit := isShape && slices.Contains(types, rdf.IRI(RDFSClass))
		hasTarget := false
		for _, p := range []string{SHTargetClass, SHTargetNode, SHTargetSubjectsOf, SHTargetObjectsOf} {
			hasTarget = hasTarget || len(g.objects(s, p)) > 0
		}
		if !hasTarget && !implicit {
			continue
		}
		sh, err := c.shape(s, false)
		if err != nil {
			return nil, err
		}
		if implicit && s.IsIRI() && !slices.Contains(sh.targets, s.Value) {
			sh.targets = append(sh.targets, s.Value)
		}
		out = append(out, sh)
	}
	return out, nil
}

type compiler struct {
	g    *graph
	done map[rdf.Term]*shape
	busy map[rdf.Term]bool
}

func (c *compiler) shape(id rdf.Term, isProperty bool) (*shape, error) {
	if sh, ok := c.done[id]; ok {
		return sh, nil
	}
	if c.busy[id] {
		return nil, fmt.Errorf("shape %s: refers to itself", id)
	}
	if len(c.busy) >= maxShapeNesting {
		return nil, fmt.Errorf("shape %s: shapes refer to shapes more than %d levels deep", id, maxShapeNesting)
	}
	c.busy[id] = true
	defer delete(c.busy, id)
	sh := &shape{id: id, minCount: -1, maxCount: -1, minLength: -1, maxLength: -1, qualifiedMin: -1, qualifiedMax: -1}
	props := c.g.out[id]
	for p := range props {
		if strings.HasPrefix(p, SHNS) && !knownShapeProps[p] {
			return nil, fmt.Errorf("shape %s: %s is not supported by the validator", id, p)
		}
	}
	var err error
	fail := func(format string, args ...any) (*shape, error) {
		return nil, fmt.Errorf("shape %s: %s", id, fmt.Sprintf(format, args...))
	}
	for _, t := range props[SHTargetClass] {
		if !t.IsIRI() {
			return fail("sh:targetClass %s is not an IRI", t)
		}
		sh.targets = append(sh.targets, t.Value)
	}
	sh.targetNodes = props[SHTargetNode]
	for _, spec := range []struct {
		p   string
		dst *[]string
	}{{SHTargetSubjectsOf, &sh.subjectsOf}, {SHTargetObjectsOf, &sh.objectsOf}} {
		for _, t := range props[spec.p] {
			if !t.IsIRI() {
				return fail("%s %s is not an IRI", spec.p, t)
			}
			*spec.dst = append(*spec.dst, t.Value)
		}
	}
	if ps := props[SHPath]; len(ps) > 0 {
		if len(ps) > 1 || !ps[0].IsIRI() {
			return fail("only one predicate IRI is supported as sh:path")
		}
		sh.path = ps[0].Value
	} else if isProperty {
		return fail("property shape without sh:path")
	}
	for _, spec := range []struct {
		p   string
		dst *int
	}{
		{SHMinCount, &sh.minCount}, {SHMaxCount, &sh.maxCount}, {SHMinLength, &sh.minLength},
		{SHMaxLength, &sh.maxLength}, {SHQualifiedMinCount, &sh.qualifiedMin}, {SHQualifiedMaxCount, &sh.qualifiedMax},
	} {
		if *spec.dst, err = c.integer(id, spec.p); err != nil {
			return nil, err
		}
	}
	if (sh.minCount >= 0 || sh.maxCount >= 0) && sh.path == "" {
		return fail("sh:minCount and sh:maxCount need sh:path")
	}
	if sh.datatype, err = c.iri(id, SHDatatype); err != nil {
		return nil, err
	}
	if sh.nodeKind, err = c.iri(id, SHNodeKind); err != nil {
		return nil, err
	}
	if sh.nodeKind != "" && !nodeKinds[sh.nodeKind] {
		return fail("unknown sh:nodeKind %s", sh.nodeKind)
	}
	for _, t := range props[SHClass] {
		if !t.IsIRI() {
			return fail("sh:class %s is not an IRI", t)
		}
		sh.classes = append(sh.classes, t.Value)
	}
	if ins := props[SHIn]; len(ins) > 0 {
		if sh.in, err = c.list(id, ins, "sh:in"); err != nil {
			return nil, err
		}
		sh.hasIn = true
	}
	if ps := props[SHPattern]; len(ps) > 0 {
		if len(ps) > 1 || !ps[0].IsLiteral() {
			return fail("sh:pattern must be one string")
		}
		flags, _ := c.g.object(id, SHFlags)
		expr := ps[0].Value
		if strings.Contains(flags.Value, "i") {
			expr = "(?i)" + expr
		}
		if sh.pattern, err = regexp.Compile(expr); err != nil {
			return fail("sh:pattern: %v", err)
		}
	}
	if ls := props[SHLanguageIn]; len(ls) > 0 {
		tags, err := c.list(id, ls, "sh:languageIn")
		if err != nil {
			return nil, err
		}
		for _, t := range tags {
			sh.languageIn = append(sh.languageIn, strings.ToLower(t.Value))
		}
	}
	if u, ok := c.g.object(id, SHUniqueLang); ok {
		sh.uniqueLang = u.IsLiteral() && u.Value == "true"
	}
	for _, t := range props[SHLessThan] {
		if !t.IsIRI() || sh.path == "" {
			return fail("sh:lessThan needs sh:path and an IRI")
		}
		sh.lessThan = append(sh.lessThan, t.Value)
	}
	for _, t := range props[SHLessThanOrEquals] {
		if !t.IsIRI() || sh.path == "" {
			return fail("sh:lessThanOrEquals needs sh:path and an IRI")
		}
		sh.lessOrEqual = append(sh.lessOrEqual, t.Value)
	}
	for _, head := range props[SHOr] {
		alts, err := c.list(id, []rdf.Term{head}, "sh:or")
		if err != nil {
			return nil, err
		}
		var group []*shape
		for _, a := range alts {
			s, err := c.shape(a, false)
			if err != nil {
				return nil, err
			}
			group = append(group, s)
		}
		sh.or = append(sh.or, group)
	}
	if qs := props[SHQualifiedShape]; len(qs) > 0 {
		if len(qs) > 1 || sh.path == "" {
			return fail("sh:qualifiedValueShape needs sh:path and one shape")
		}
		if sh.qualified, err = c.shape(qs[0], false); err != nil {
			return nil, err
		}
		if sh.qualifiedMin < 0 && sh.qualifiedMax < 0 {
			return fail("sh:qualifiedValueShape without sh:qualifiedMinCount or sh:qualifiedMaxCount")
		}
	}
	for _, p := range props[SHProperty] {
		ps, err := c.shape(p, true)
		if err != nil {
			return nil, err
		}
		sh.properties = append(sh.properties, ps)
	}
	for _, m := range props[SHMessage] {
		switch {
		case m.Lang == "fr" || strings.HasPrefix(m.Lang, "fr-"):
			sh.message.FR = m.Value
		case m.Lang == "en" || strings.HasPrefix(m.Lang, "en-"):
			sh.message.EN = m.Value
		}
	}
	sh.height = 1
	for _, group := range sh.or {
		for _, a := range group {
			sh.height = max(sh.height, a.height+1)
		}
	}
	if sh.qualified != nil {
		sh.height = max(sh.height, sh.qualified.height+1)
	}
	for _, ps := range sh.properties {
		sh.height = max(sh.height, ps.height+1)
	}
	if sh.height > maxShapeNesting {
		return fail("shapes refer to shapes more than %d levels deep", maxShapeNesting)
	}
	c.done[id] = sh
	return sh, nil
}

func (c *compiler) integer(id rdf.Term, p string) (int, error) {
	v, ok := c.g.object(id, p)
	if !ok {
		return -1, nil
	}
	n, err := strconv.Atoi(v.Value)
	if !v.IsLiteral() || err != nil || n < 0 {
		return -1, fmt.Errorf("shape %s: %s must be a non-negative integer, not %s", id, p, v)
	}
	return n, nil
}

func (c *compiler) iri(id rdf.Term, p string) (string, error) {
	vs := c.g.objects(id, p)
	if len(vs) == 0 {
		return "", nil
	}
	if len(vs) > 1 || !vs[0].IsIRI() {
		return "", fmt.Errorf("shape %s: %s must be one IRI", id, p)
	}
	return vs[0].Value, nil
}

func (c *compiler) list(id rdf.Term, heads []rdf.Term, what string) ([]rdf.Term, error) {
	if len(heads) != 1 {
		return nil, fmt.Errorf("shape %s: one %s list expected", id, what)
	}
	items, ok := c.g.list(heads[0])
	if !ok {
		return nil, fmt.Errorf("shape %s: %s is not a well-formed RDF list", id, what)
	}
	return items, nil
}
