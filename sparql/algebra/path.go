package algebra

// PathExpr is a property path expression.
// https://www.w3.org/TR/sparql11-query/#sparqlPropertyPaths
type PathExpr interface {
	isPath()
}

// PathLink is a single IRI: link(iri).
type PathLink struct {
	IRI string
}

// PathInv is ^path: inv(path).
type PathInv struct {
	Path PathExpr
}

// PathSeq is left/right: seq(left, right).
type PathSeq struct {
	Left, Right PathExpr
}

// PathAlt is left|right: alt(left, right).
type PathAlt struct {
	Left, Right PathExpr
}

// PathZeroOrMore is path*: ZeroOrMorePath(path).
type PathZeroOrMore struct {
	Path PathExpr
}

// PathOneOrMore is path+: OneOrMorePath(path).
type PathOneOrMore struct {
	Path PathExpr
}

// PathZeroOrOne is path?: ZeroOrOnePath(path).
type PathZeroOrOne struct {
	Path PathExpr
}

// PathNPS is a negated property set !(a|^b): any link whose predicate is
// not in Fwd, or any inverse link whose predicate is not in Inv. A set with
// only forward members matches no inverse link and the other way round.
type PathNPS struct {
	Fwd []string
	Inv []string
}

func (*PathLink) isPath()       {}
func (*PathInv) isPath()        {}
func (*PathSeq) isPath()        {}
func (*PathAlt) isPath()        {}
func (*PathZeroOrMore) isPath() {}
func (*PathOneOrMore) isPath()  {}
func (*PathZeroOrOne) isPath()  {}
func (*PathNPS) isPath()        {}
