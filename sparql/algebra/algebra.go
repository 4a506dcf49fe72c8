package algebra

import (
	"github.com/ruche-lod/ruche/store/rdf"
)

// Op is a node of the algebra tree. The unexported method seals the set of
// operators to this package.
type Op interface {
	isOp()
}

// Node is a term or a variable in a triple pattern, a path end or a graph
// name. When Var is not empty the node is the variable of that name (without
// "?"), otherwise it is the term Term.
type Node struct {
	Var  string
	Term rdf.Term
}

// V returns the variable node ?name.
func V(name string) Node { return Node{Var: name} }

// T returns the node for a constant term.
func T(t rdf.Term) Node { return Node{Term: t} }

// IsVar reports whether n is a variable.
func (n Node) IsVar() bool { return n.Var != "" }

// TriplePattern is a triple whose positions may be variables.
// Blank nodes of the query have been replaced by variables whose names start
// with [BlankVarPrefix].
type TriplePattern struct {
	S, P, O Node
}

// BlankVarPrefix starts the names of the variables that stand for blank
// nodes of a basic graph pattern (they are not projected by SELECT *).
const BlankVarPrefix = "_:"

// BGP is a basic graph pattern.
// https://www.w3.org/TR/sparql11-query/#BasicGraphPattern
type BGP struct {
	Patterns []TriplePattern
}

// Path is a property path pattern S Path O.
// https://www.w3.org/TR/sparql11-query/#sparqlPropertyPaths
type Path struct {
	S    Node
	Path PathExpr
	O    Node
}

// Join is the join of two patterns.
// https://www.w3.org/TR/sparql11-query/#defn_algJoin
//
// Hash is a physical hint set by the optimizer: evaluate Right once and
// probe it for each solution of Left, instead of evaluating Right with
// each solution's bindings (index nested loop). Both give the same result.
type Join struct {
	Left, Right Op
	Hash        bool
}

// LeftJoin is OPTIONAL: the left join of two patterns with a filter
// expression (nil when the optional part has no filter).
// https://www.w3.org/TR/sparql11-query/#defn_algLeftJoin
//
// Hash is the optimizer's hint to evaluate Right once and probe it, as for
// [Join].
type LeftJoin struct {
	Left, Right Op
	Expr        Expr
	Hash        bool
}

// Filter keeps the solutions of Op for which every expression of Exprs has
// an effective boolean value of true.
// https://www.w3.org/TR/sparql11-query/#defn_algFilter
type Filter struct {
	Exprs []Expr
	Op    Op
}

// Union is the union of two patterns.
// https://www.w3.org/TR/sparql11-query/#defn_algUnion
type Union struct {
	Left, Right Op
}

// Graph evaluates Op with the graph Name (an IRI or a variable ranging over
// the named graphs) as the active graph.
// https://www.w3.org/TR/sparql11-query/#defn_evalGraph
type Graph struct {
	Name Node
	Op   Op
}

// Extend binds Var to the value of Expr in every solution of Op (BIND and
// projected expressions).
// https://www.w3.org/TR/sparql11-query/#defn_extend
type Extend struct {
	Op   Op
	Var  string
	Expr Expr
}

// Minus removes from Left the solutions compatible with a solution of Right
// that shares a variable with it.
// https://www.w3.org/TR/sparql11-query/#defn_algMinus
type Minus struct {
	Left, Right Op
}

// Table is an inline multiset of solutions (VALUES, and the empty pattern
// as the one-row table with no variables). Rows hold one term per variable;
// the zero Term means "undefined".
// https://www.w3.org/TR/sparql11-query/#inline-data
type Table struct {
	Vars []string
	Rows [][]rdf.Term
}

// Unit returns the table with one empty solution, the identity of Join.
func Unit() *Table { return &Table{Rows: [][]rdf.Term{{}}} }

// IsUnit reports whether op is the table with one empty solution.
func IsUnit(op Op) bool {
	t, ok := op.(*Table)
	return ok && len(t.Vars) == 0 && len(t.Rows) == 1
}

// GroupKey is one GROUP BY condition: Expr, bound to Var when the condition
// is a variable or carries AS (Var is empty for an anonymous expression).
type GroupKey struct {
	Var  string
	Expr Expr
}

// Aggregate is one aggregate call, bound to the variable Var.
// Name is the upper-case aggregate name (COUNT, SUM, MIN, MAX, AVG, SAMPLE,
// GROUP_CONCAT) or the IRI of a custom aggregate.
type Aggregate struct {
	Var       string
	Name      string
	Distinct  bool
	Star      bool // COUNT(*)
	Arg       Expr
	Separator string // GROUP_CONCAT; " " when not given
}

// Group stands for AggregateJoin(Aggregation(Group(Keys, Op))): it groups the
// solutions of Op by Keys and binds each aggregate's value to its variable.
// With no keys and no solutions it yields one group (aggregates over the
// empty multiset).
// https://www.w3.org/TR/sparql11-query/#defn_algGroup
// https://www.w3.org/TR/sparql11-query/#defn_algAggregation
// https://www.w3.org/TR/sparql11-query/#defn_algAggJoin
type Group struct {
	Op         Op
	Keys       []GroupKey
	Aggregates []Aggregate
}

// OrderCond is one ORDER BY condition.
type OrderCond struct {
	Expr Expr
	Desc bool
}

// OrderBy sorts the solutions of Op.
// https://www.w3.org/TR/sparql11-query/#defn_algOrdered
type OrderBy struct {
	Op    Op
	Conds []OrderCond
}

// Project restricts the solutions of Op to Vars.
// https://www.w3.org/TR/sparql11-query/#defn_algProjection
type Project struct {
	Op   Op
	Vars []string
}

// Distinct removes duplicate solutions.
// https://www.w3.org/TR/sparql11-query/#defn_algDistinct
type Distinct struct {
	Op Op
}

// Reduced may remove duplicate solutions.
// https://www.w3.org/TR/sparql11-query/#defn_algReduced
type Reduced struct {
	Op Op
}

// Slice skips Offset solutions and keeps at most Limit (Limit < 0: no limit).
// https://www.w3.org/TR/sparql11-query/#defn_algSlice
type Slice struct {
	Op     Op
	Offset int64
	Limit  int64
}

// ToMultiSet marks a subquery's sequence used as a multiset in a pattern.
// https://www.w3.org/TR/sparql11-query/#defn_algToMultiSet
type ToMultiSet struct {
	Op Op
}

// Service is a federated SERVICE pattern. It is translated but not
// evaluated: evaluation reports that SERVICE is not supported.
// https://www.w3.org/TR/sparql11-federated-query/#defn_evalService
type Service struct {
	Name   Node
	Op     Op
	Silent bool
}

func (*BGP) isOp()        {}
func (*Path) isOp()       {}
func (*Join) isOp()       {}
func (*LeftJoin) isOp()   {}
func (*Filter) isOp()     {}
func (*Union) isOp()      {}
func (*Graph) isOp()      {}
func (*Extend) isOp()     {}
func (*Minus) isOp()      {}
func (*Table) isOp()      {}
func (*Group) isOp()      {}
func (*OrderBy) isOp()    {}
func (*Project) isOp()    {}
func (*Distinct) isOp()   {}
func (*Reduced) isOp()    {}
func (*Slice) isOp()      {}
func (*ToMultiSet) isOp() {}
func (*Service) isOp()    {}
