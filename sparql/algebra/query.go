package algebra

import "github.com/ruche-lod/ruche/store/rdf"

// Form is the form of a query.
type Form int

// The query forms.
const (
	Select Form = iota
	Construct
	Ask
	Describe
)

func (f Form) String() string {
	switch f {
	case Select:
		return "SELECT"
	case Construct:
		return "CONSTRUCT"
	case Ask:
		return "ASK"
	case Describe:
		return "DESCRIBE"
	}
	return "unknown"
}

// Query is a translated query: its form, the algebra of its pattern and
// modifiers, and what the form needs to build results.
type Query struct {
	Form Form
	// Op is the algebra expression whose solutions the form consumes.
	Op Op
	// Vars is the projection of a SELECT query, in order.
	Vars []string
	// Template is the CONSTRUCT template.
	Template []TriplePattern
	// Describe lists the resources of DESCRIBE (variables or IRIs).
	Describe []Node
	// Base is the base IRI in effect after the prologue (for IRI()).
	Base string
	// From and FromNamed are the FROM and FROM NAMED IRIs; when both are
	// empty the query uses the dataset's own default and named graphs.
	From, FromNamed []rdf.Term
}

// HiddenVarPrefix starts the names of the variables made up by translation
// (aggregate results, path steps). No SPARQL variable name can start with
// it, and SELECT * never projects them.
const HiddenVarPrefix = "."

// IsHidden reports whether a variable name was made up by translation or
// stands for a blank node.
func IsHidden(name string) bool {
	return len(name) > 0 && (name[0] == '.' || (len(name) > 1 && name[0] == '_' && name[1] == ':'))
}
