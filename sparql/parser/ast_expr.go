package parser

// Expr is an expression: *TermExpr, *Unary, *Binary, *In, *Call, *FuncCall,
// *Exists or *Aggregate.
type Expr interface {
	Node
	exprNode()
}

// Op is the operator of a *Unary or *Binary expression.
type Op int

// The operators. OpNot, OpPlus and OpMinus are unary (OpMinus and OpPlus are
// also binary, written OpSub and OpAdd there).
const (
	OpInvalid Op = iota
	OpOr         // ||
	OpAnd        // &&
	OpEq         // =
	OpNe         // !=
	OpLt         // <
	OpGt         // >
	OpLe         // <=
	OpGe         // >=
	OpAdd        // binary +
	OpSub        // binary -
	OpMul        // *
	OpDiv        // /
	OpNot        // unary !
	OpPlus       // unary +
	OpMinus      // unary -
)

var opNames = [...]string{
	OpInvalid: "?", OpOr: "||", OpAnd: "&&", OpEq: "=", OpNe: "!=", OpLt: "<", OpGt: ">",
	OpLe: "<=", OpGe: ">=", OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/",
	OpNot: "!", OpPlus: "+", OpMinus: "-",
}

// String returns the operator as written in SPARQL.
func (o Op) String() string {
	if o < 0 || int(o) >= len(opNames) {
		return "?"
	}
	return opNames[o]
}

// TermExpr is a variable, IRI or literal used as an expression.
type TermExpr struct {
	Term Term
}

// Unary is !X, +X or -X.
type Unary struct {
	Start Pos
	Op    Op
	X     Expr
}

// Binary is X op Y for ||, &&, comparisons and arithmetic.
type Binary struct {
	Start Pos
	Op    Op
	X, Y  Expr
}

// In is X IN (…) or X NOT IN (…).
type In struct {
	Start Pos
	Not   bool
	X     Expr
	List  []Expr
}

// Call is a call of a built-in function, named in upper case as in the
// grammar ("STR", "LANGMATCHES", "REGEX", "BOUND", "IF", "COALESCE",
// "SUBSTR", "STRUUID", "isIRI", … are all upper-cased: "ISIRI"). BOUND's
// argument is a *TermExpr holding a variable.
type Call struct {
	Start Pos
	Name  string
	Args  []Expr
}

// FuncCall is a call of a function named by an IRI (including XSD
// constructor casts such as xsd:integer(?x)). Distinct is set for
// `iri(DISTINCT …)`, allowed only for custom aggregates.
type FuncCall struct {
	Start    Pos
	IRI      Term
	Distinct bool
	Args     []Expr
}

// Exists is EXISTS { … } or NOT EXISTS { … }.
type Exists struct {
	Start   Pos
	Not     bool
	Pattern *GroupPattern
}

// Aggregate is COUNT, SUM, MIN, MAX, AVG, SAMPLE or GROUP_CONCAT (Name in
// upper case). Star is COUNT(*) (Arg is then nil). HasSeparator tells
// whether GROUP_CONCAT gave a SEPARATOR (its default is " ").
type Aggregate struct {
	Start        Pos
	Name         string
	Distinct     bool
	Star         bool
	Arg          Expr
	HasSeparator bool
	Separator    string
}

// Pos returns the offset of the expression.
func (e *TermExpr) Pos() Pos { return e.Term.Start }

// Pos returns the offset of the expression.
func (e *Unary) Pos() Pos { return e.Start }

// Pos returns the offset of the expression.
func (e *Binary) Pos() Pos { return e.Start }

// Pos returns the offset of the expression.
func (e *In) Pos() Pos { return e.Start }

// Pos returns the offset of the expression.
func (e *Call) Pos() Pos { return e.Start }

// Pos returns the offset of the expression.
func (e *FuncCall) Pos() Pos { return e.Start }

// Pos returns the offset of the expression.
func (e *Exists) Pos() Pos { return e.Start }

// Pos returns the offset of the expression.
func (e *Aggregate) Pos() Pos { return e.Start }

func (*TermExpr) exprNode()  {}
func (*Unary) exprNode()     {}
func (*Binary) exprNode()    {}
func (*In) exprNode()        {}
func (*Call) exprNode()      {}
func (*FuncCall) exprNode()  {}
func (*Exists) exprNode()    {}
func (*Aggregate) exprNode() {}

// Path is a property path: *PathLink, *PathInverse, *PathSeq, *PathAlt,
// *PathZeroOrMore, *PathOneOrMore, *PathZeroOrOne or *PathNegatedSet.
type Path interface {
	Node
	pathNode()
}

// PathLink is a single IRI step (`a` is rdf:type).
type PathLink struct {
	IRI Term
}

// PathInverse is ^P.
type PathInverse struct {
	Start Pos
	Path  Path
}

// PathSeq is Left/Right (left-associative: a/b/c is (a/b)/c).
type PathSeq struct {
	Start       Pos
	Left, Right Path
}

// PathAlt is Left|Right (left-associative).
type PathAlt struct {
	Start       Pos
	Left, Right Path
}

// PathZeroOrMore is P*.
type PathZeroOrMore struct {
	Start Pos
	Path  Path
}

// PathOneOrMore is P+.
type PathOneOrMore struct {
	Start Pos
	Path  Path
}

// PathZeroOrOne is P?.
type PathZeroOrOne struct {
	Start Pos
	Path  Path
}

// PathNegatedSet is !iri, !^iri or !(iri|^iri|…), items in source order.
type PathNegatedSet struct {
	Start Pos
	Items []NegatedItem
}

// NegatedItem is one member of a negated property set.
type NegatedItem struct {
	Inverse bool
	IRI     Term
}

// Pos returns the offset of the path.
func (p *PathLink) Pos() Pos { return p.IRI.Start }

// Pos returns the offset of the path.
func (p *PathInverse) Pos() Pos { return p.Start }

// Pos returns the offset of the path.
func (p *PathSeq) Pos() Pos { return p.Start }

// Pos returns the offset of the path.
func (p *PathAlt) Pos() Pos { return p.Start }

// Pos returns the offset of the path.
func (p *PathZeroOrMore) Pos() Pos { return p.Start }

// Pos returns the offset of the path.
func (p *PathOneOrMore) Pos() Pos { return p.Start }

// Pos returns the offset of the path.
func (p *PathZeroOrOne) Pos() Pos { return p.Start }

// Pos returns the offset of the path.
func (p *PathNegatedSet) Pos() Pos { return p.Start }

func (*PathLink) pathNode()       {}
func (*PathInverse) pathNode()    {}
func (*PathSeq) pathNode()        {}
func (*PathAlt) pathNode()        {}
func (*PathZeroOrMore) pathNode() {}
func (*PathOneOrMore) pathNode()  {}
func (*PathZeroOrOne) pathNode()  {}
func (*PathNegatedSet) pathNode() {}
