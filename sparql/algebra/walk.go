package algebra

import "iter"

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
