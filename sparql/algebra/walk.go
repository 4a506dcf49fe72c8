package algebra

import (
	"iter"

	"github.com/ruche-lod/ruche/sparql/parser"
)

// Children yields the operands of op, left to right.
func Children(op Op) iter.Seq[Op] {
	return func(yield func(Op) bool) {
		for _, c := range children(op) {
			if !yield(c) {
				return
			}
		}
	}
}

func children(op Op) []Op {
	switch o := op.(type) {
	case *Join:
		return []Op{o.Left, o.Right}
	case *LeftJoin:
		return []Op{o.Left, o.Right}
	case *Union:
		return []Op{o.Left, o.Right}
	case *Minus:
		return []Op{o.Left, o.Right}
	case *Filter:
		return []Op{o.Op}
	case *Graph:
		return []Op{o.Op}
	case *Extend:
		return []Op{o.Op}
	case *Group:
		return []Op{o.Op}
	case *OrderBy:
		return []Op{o.Op}
	case *Project:
		return []Op{o.Op}
	case *Distinct:
		return []Op{o.Op}
	case *Reduced:
		return []Op{o.Op}
	case *Slice:
		return []Op{o.Op}
	case *ToMultiSet:
		return []Op{o.Op}
	case *Service:
		return []Op{o.Op}
	}
	return nil
}

// MaxDepth bounds the height of the algebra trees that [Translate] returns
// and that the optimizer hands on: operators, expressions and path
// expressions each count one level (see [Depth]). The evaluator (package
// sparql/eval), the optimizer, the variable analyses of this package and
// the SSE printer walk these trees recursively and rely on this bound to
// keep their stacks small: no tree deeper than MaxDepth reaches them
// through the sparql facade. A deeper query is refused with a *LimitError.
const MaxDepth = 1000

// LimitError reports a query whose algebra would be deeper than
// [MaxDepth]; it is the parser's type (Limit "depth").
type LimitError = parser.LimitError

// Depth returns the height of op's tree: operators, expressions and path
// expressions each count one level. It walks with its own stack, so it
// measures any tree, however deep.
func Depth(op Op) int {
	type item struct {
		n any
		d int
	}
	stack := []item{{op, 1}}
	most := 0
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n == nil {
			continue
		}
		most = max(most, it.d)
		eachChild(it.n, func(c any) { stack = append(stack, item{c, it.d + 1}) })
	}
	return most
}

// CheckDepth returns a *LimitError when op is deeper than [MaxDepth].
func CheckDepth(op Op) error {
	if Depth(op) > MaxDepth {
		return &LimitError{Limit: "depth", Max: MaxDepth}
	}
	return nil
}

// eachChild calls f with the operators, expressions and path expressions
// directly below n (an Op, an Expr or a PathExpr); nil children are
// skipped.
func eachChild(n any, f func(any)) {
	expr := func(e Expr) {
		if e != nil {
			f(e)
		}
	}
	switch x := n.(type) {
	case Op:
		for _, c := range children(x) {
			if c != nil {
				f(c)
			}
		}
		switch o := x.(type) {
		case *Path:
			if o.Path != nil {
				f(o.Path)
			}
		case *LeftJoin:
			expr(o.Expr)
		case *Filter:
			for _, e := range o.Exprs {
				expr(e)
			}
		case *Extend:
			expr(o.Expr)
		case *Group:
			for _, k := range o.Keys {
				expr(k.Expr)
			}
			for _, a := range o.Aggregates {
				expr(a.Arg)
			}
		case *OrderBy:
			for _, c := range o.Conds {
				expr(c.Expr)
			}
		}
	case *ExprCall:
		for _, a := range x.Args {
			expr(a)
		}
	case *ExprExists:
		if x.Op != nil {
			f(x.Op)
		}
	case *ExprAggregate:
		expr(x.Agg.Arg)
	case *PathInv:
		f(x.Path)
	case *PathSeq:
		f(x.Left)
		f(x.Right)
	case *PathAlt:
		f(x.Left)
		f(x.Right)
	case *PathZeroOrMore:
		f(x.Path)
	case *PathOneOrMore:
		f(x.Path)
	case *PathZeroOrOne:
		f(x.Path)
	}
}
