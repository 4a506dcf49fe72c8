package parser

import "github.com/ruche-lod/ruche/store/rdf"

// Pos is a byte offset into the parsed source. Line and column are worked
// out only when an error is printed.
type Pos int

// Node is implemented by every syntax tree node that has a position.
type Node interface {
	// Pos returns the byte offset where the node starts.
	Pos() Pos
}

// Term is a variable or an RDF term in a pattern, template, expression or
// VALUES row. Exactly one of Var and Value is set, except for UNDEF in a
// VALUES row, which is the zero Term (apart from Start).
//
// IRIs are absolute: prefixed names and relative IRIs are resolved while
// parsing, and `a` becomes rdf:type. Literals keep their exact lexical
// form; numeric literals get xsd:integer, xsd:decimal or xsd:double and
// true/false get xsd:boolean. Blank nodes keep their label; anonymous blank
// nodes (`[]`, property lists, collections) get labels starting with "_g".
type Term struct {
	Start Pos
	// Var is the variable name without `?` or `$`; "" when Value is set.
	Var string
	// Value is the RDF term when the Term is not a variable.
	Value rdf.Term
	// Spelling is the prefixed name as written (for example "foaf:name")
	// when the IRI was written as one; the printer uses it. It carries no
	// meaning: two Terms with different spellings are the same term.
	Spelling string
}

// Pos returns the byte offset of the term.
func (t Term) Pos() Pos { return t.Start }

// IsVar reports whether t is a variable.
func (t Term) IsVar() bool { return t.Var != "" }

// IsUndef reports whether t is UNDEF (only found in VALUES rows).
func (t Term) IsUndef() bool { return t.Var == "" && t.Value.Kind == rdf.KindNone }

// Decl is one BASE or PREFIX declaration of a prologue, in source order.
type Decl struct {
	Start Pos
	// Base is true for BASE; Prefix is then empty.
	Base bool
	// Prefix is the declared prefix without its colon ("" for `PREFIX :`).
	Prefix string
	// IRI is the absolute (resolved) IRI of the declaration.
	IRI string
}

// Form is the form of a query.
type Form int

// The query forms.
const (
	FormSelect Form = iota
	FormConstruct
	FormAsk
	FormDescribe
)

func (f Form) String() string {
	switch f {
	case FormSelect:
		return "SELECT"
	case FormConstruct:
		return "CONSTRUCT"
	case FormAsk:
		return "ASK"
	case FormDescribe:
		return "DESCRIBE"
	}
	return "unknown form"
}

// Query is a parsed SPARQL 1.1 query. A subquery (SubSelect) is a Query with
// Form FormSelect and no prologue or dataset.
type Query struct {
	Start Pos
	// Prologue holds the BASE and PREFIX declarations in source order.
	Prologue []Decl
	// BaseIRI is the base IRI given in Options (BASE declarations are in
	// Prologue).
	BaseIRI string
	Form    Form
	// Select is the projection of a SELECT query (nil for other forms).
	Select *Select
	// Template is the CONSTRUCT template, flattened to triple patterns (no
	// paths). For CONSTRUCT WHERE it is the triples of the WHERE pattern.
	Template []TriplePattern
	// ConstructWhere is true for the short form CONSTRUCT WHERE { … }.
	ConstructWhere bool
	// Describe lists the resources of DESCRIBE; DescribeAll is DESCRIBE *.
	Describe    []Term
	DescribeAll bool
	// Dataset holds the FROM and FROM NAMED clauses.
	Dataset []DatasetClause
	// Where is the query pattern; nil only for DESCRIBE without WHERE.
	Where *GroupPattern
	// Solution modifiers.
	GroupBy []GroupCondition
	Having  []Expr
	OrderBy []OrderCondition
	// Limit and Offset are -1 when absent.
	Limit  int64
	Offset int64
	// Values is the trailing VALUES block, or nil.
	Values *Values
}

// Pos returns the offset of the query.
func (q *Query) Pos() Pos { return q.Start }

// Select is the projection of a SELECT query or subquery.
type Select struct {
	Start    Pos
	Distinct bool
	Reduced  bool
	// Star is SELECT *; Items is then empty.
	Star  bool
	Items []SelectItem
}

// SelectItem is one projected variable, or (Expr AS Var).
type SelectItem struct {
	Start Pos
	Var   Term
	// Expr is nil for a plain variable.
	Expr Expr
}

// DatasetClause is FROM <iri> or FROM NAMED <iri> (USING in updates).
type DatasetClause struct {
	Start Pos
	Named bool
	IRI   Term
}

// GroupCondition is one GROUP BY condition: an expression, optionally
// bound with AS. A plain variable is a TermExpr and a zero Var.
type GroupCondition struct {
	Start Pos
	Expr  Expr
	// Var is the variable of (Expr AS ?v), or the zero Term.
	Var Term
}

// OrderCondition is one ORDER BY condition.
type OrderCondition struct {
	Start Pos
	Desc  bool
	Expr  Expr
}

// TriplePattern is one triple of a basic graph pattern or template. When the
// predicate is a property path other than a single IRI, Path is set and
// Predicate is the zero Term; otherwise Path is nil.
type TriplePattern struct {
	Start     Pos
	Subject   Term
	Predicate Term
	Path      Path
	Object    Term
}

// Pos returns the offset of the triple.
func (t TriplePattern) Pos() Pos { return t.Start }

// Pattern is an element of a group graph pattern: *TriplesBlock, *Filter,
// *Optional, *Union, *Minus, *Graph, *Service, *Bind, *Values, *SubSelect,
// or a nested *GroupPattern.
type Pattern interface {
	Node
	patternNode()
}

// GroupPattern is `{ … }`: its elements in source order. Adjacent triples
// (even when split by a FILTER) stay separate TriplesBlocks in source order.
type GroupPattern struct {
	Start    Pos
	Elements []Pattern
}

// TriplesBlock is a run of triples (a basic graph pattern with paths).
type TriplesBlock struct {
	Start   Pos
	Triples []TriplePattern
}

// Filter is FILTER(expr). The spec applies it to the whole group.
type Filter struct {
	Start Pos
	Expr  Expr
}

// Optional is OPTIONAL { … }.
type Optional struct {
	Start   Pos
	Pattern *GroupPattern
}

// Union is { … } UNION { … } UNION …; it has two or more alternatives. A
// single braced group is a nested *GroupPattern, not a Union.
type Union struct {
	Start        Pos
	Alternatives []*GroupPattern
}

// Minus is MINUS { … }.
type Minus struct {
	Start   Pos
	Pattern *GroupPattern
}

// Graph is GRAPH varOrIRI { … }.
type Graph struct {
	Start   Pos
	Name    Term
	Pattern *GroupPattern
}

// Service is SERVICE [SILENT] varOrIRI { … }.
type Service struct {
	Start   Pos
	Silent  bool
	Name    Term
	Pattern *GroupPattern
}

// Bind is BIND(expr AS ?var).
type Bind struct {
	Start Pos
	Expr  Expr
	Var   Term
}

// Values is a VALUES block, inline or trailing. Each row has len(Vars)
// terms; UNDEF is the zero Term.
type Values struct {
	Start Pos
	Vars  []Term
	Rows  [][]Term
}

// SubSelect is a subquery. The grammar makes `{ SELECT … }` a group graph
// pattern whose only element is the SubSelect.
type SubSelect struct {
	Start Pos
	Query *Query
}

// Pos returns the offset of the element.
func (g *GroupPattern) Pos() Pos { return g.Start }

// Pos returns the offset of the element.
func (b *TriplesBlock) Pos() Pos { return b.Start }

// Pos returns the offset of the element.
func (f *Filter) Pos() Pos { return f.Start }

// Pos returns the offset of the element.
func (o *Optional) Pos() Pos { return o.Start }

// Pos returns the offset of the element.
func (u *Union) Pos() Pos { return u.Start }

// Pos returns the offset of the element.
func (m *Minus) Pos() Pos { return m.Start }

// Pos returns the offset of the element.
func (g *Graph) Pos() Pos { return g.Start }

// Pos returns the offset of the element.
func (s *Service) Pos() Pos { return s.Start }

// Pos returns the offset of the element.
func (b *Bind) Pos() Pos { return b.Start }

// Pos returns the offset of the element.
func (v *Values) Pos() Pos { return v.Start }

// Pos returns the offset of the element.
func (s *SubSelect) Pos() Pos { return s.Start }

func (*GroupPattern) patternNode() {}
func (*TriplesBlock) patternNode() {}
func (*Filter) patternNode()       {}
func (*Optional) patternNode()     {}
func (*Union) patternNode()        {}
func (*Minus) patternNode()        {}
func (*Graph) patternNode()        {}
func (*Service) patternNode()      {}
func (*Bind) patternNode()         {}
func (*Values) patternNode()       {}
func (*SubSelect) patternNode()    {}
