package parser

// Update is a parsed SPARQL 1.1 Update request: operations separated by `;`.
type Update struct {
	Start Pos
	// BaseIRI is the base IRI given in Options.
	BaseIRI    string
	Operations []Operation
}

// Pos returns the offset of the request.
func (u *Update) Pos() Pos { return u.Start }

// Operation is one update operation with the prologue written before it.
// Declarations accumulate: a prefix declared before an earlier operation
// still holds. Op is nil for a trailing prologue with no operation.
type Operation struct {
	Prologue []Decl
	Op       UpdateOp
}

// UpdateOp is *Load, *Clear, *Drop, *Create, *Transfer, *InsertData,
// *DeleteData, *DeleteWhere or *Modify.
type UpdateOp interface {
	Node
	updateNode()
}

// GraphRefKind tells which graphs a CLEAR or DROP names.
type GraphRefKind int

// The graph reference kinds.
const (
	GraphRefIRI     GraphRefKind = iota // GRAPH <iri>
	GraphRefDefault                     // DEFAULT
	GraphRefNamed                       // NAMED
	GraphRefAll                         // ALL
)

// GraphRef is the target of CLEAR and DROP.
type GraphRef struct {
	Kind GraphRefKind
	IRI  Term // for GraphRefIRI
}

// Load is LOAD [SILENT] <iri> [INTO GRAPH <iri>]. Into is the zero Term
// when absent.
type Load struct {
	Start  Pos
	Silent bool
	Source Term
	Into   Term
}

// Clear is CLEAR [SILENT] target.
type Clear struct {
	Start  Pos
	Silent bool
	Target GraphRef
}

// Drop is DROP [SILENT] target.
type Drop struct {
	Start  Pos
	Silent bool
	Target GraphRef
}

// Create is CREATE [SILENT] GRAPH <iri>.
type Create struct {
	Start  Pos
	Silent bool
	Graph  Term
}

// TransferKind is ADD, MOVE or COPY.
type TransferKind int

// The graph transfer operations.
const (
	TransferAdd TransferKind = iota
	TransferMove
	TransferCopy
)

func (k TransferKind) String() string {
	switch k {
	case TransferAdd:
		return "ADD"
	case TransferMove:
		return "MOVE"
	case TransferCopy:
		return "COPY"
	}
	return "?"
}

// Transfer is ADD, MOVE or COPY [SILENT] from TO to. A zero Term in From or
// To is DEFAULT.
type Transfer struct {
	Start  Pos
	Kind   TransferKind
	Silent bool
	From   Term
	To     Term
}

// QuadPattern is a triple pattern (no paths) in a graph. Graph is the zero
// Term for the default graph.
type QuadPattern struct {
	Graph Term
	TriplePattern
}

// InsertData is INSERT DATA { quads } (no variables).
type InsertData struct {
	Start Pos
	Quads []QuadPattern
}

// DeleteData is DELETE DATA { quads } (no variables, no blank nodes).
type DeleteData struct {
	Start Pos
	Quads []QuadPattern
}

// DeleteWhere is DELETE WHERE { quad patterns } (no blank nodes).
type DeleteWhere struct {
	Start Pos
	Quads []QuadPattern
}

// Modify is [WITH <iri>] DELETE { … } INSERT { … } USING … WHERE { … }; at
// least one of HasDelete and HasInsert is set (their templates may be empty).
type Modify struct {
	Start     Pos
	With      Term // zero when absent
	HasDelete bool
	Delete    []QuadPattern
	HasInsert bool
	Insert    []QuadPattern
	Using     []DatasetClause
	Where     *GroupPattern
}

// Pos returns the offset of the operation.
func (o *Load) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *Clear) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *Drop) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *Create) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *Transfer) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *InsertData) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *DeleteData) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *DeleteWhere) Pos() Pos { return o.Start }

// Pos returns the offset of the operation.
func (o *Modify) Pos() Pos { return o.Start }

func (*Load) updateNode()        {}
func (*Clear) updateNode()       {}
func (*Drop) updateNode()        {}
func (*Create) updateNode()      {}
func (*Transfer) updateNode()    {}
func (*InsertData) updateNode()  {}
func (*DeleteData) updateNode()  {}
func (*DeleteWhere) updateNode() {}
func (*Modify) updateNode()      {}
