package eval

import (
	"errors"
	"fmt"

	"github.com/ruche-lod/ruche/sparql/algebra"
	"github.com/ruche-lod/ruche/sparql/expr"
	"github.com/ruche-lod/ruche/store/rdf"
)

// evalFn evaluates an expression on a row. An error wrapping expr.ErrType
// is a SPARQL evaluation error; any other error stops the query (it is
// recorded in ex.err by the caller of the expression).
type evalFn func(ex *exec, r Row) (rdf.Term, error)

var errUnbound = fmt.Errorf("%w: unbound variable", expr.ErrType)

var trueTerm = expr.Bool(true)

// compileExpr compiles e; bd is the set of variables the row may bind (for
// EXISTS patterns).
func (c *compiler) expr(e algebra.Expr, bd algebra.VarSet) (evalFn, error) {
	switch x := e.(type) {
	case *algebra.ExprVar:
		s := c.slot(x.Name)
		return func(ex *exec, r Row) (rdf.Term, error) {
			id := r[s]
			if id == 0 {
				return rdf.Term{}, errUnbound
			}
			return ex.term(id)
		}, nil
	case *algebra.ExprTerm:
		t := x.Term
		return func(*exec, Row) (rdf.Term, error) { return t, nil }, nil
	case *algebra.ExprExists:
		// A semi-join (anti-join for NOT EXISTS): the pattern is evaluated
		// with each row's bindings until the index lookups made cost more
		// than evaluating it once and probing its solutions by a shared
		// variable (adaptive2; equivalent wherever substitution is a join).
		var inner stream
		var err error
		// One solution answers EXISTS: the pattern's joins stream (a
		// hash join would read a side whole first); the build of the
		// semi-join compiles apart (directAlone) and reads it all.
		savedFirst := c.firstRows
		c.firstRows = true
		defer func() { c.firstRows = savedFirst }()
		if len(bd) == 0 || safe(x.Op, bd) {
			inner, err = c.adaptive2(x.Op, bd, true)
		} else {
			// Where evaluating with the row's bindings is not a join (a
			// filter inside reads an outer variable the pattern does not
			// bind), EXISTS still means substitution: evaluate with them.
			inner, err = c.direct(x.Op, bd)
		}
		if err != nil {
			return nil, err
		}
		not := x.Not
		used := algebra.VarSet{}
		collectAll(x.Op, used)
		correlated := false
		for v := range used {
			if bd.Has(v) {
				correlated = true
			}
		}
		if !correlated && !calls(x.Op, expr.Volatile) {
			// Nothing of the row reaches the pattern: its answer is the
			// same for every row of an active graph, found once.
			id := c.p.nmat
			c.p.nmat++
			return func(ex *exec, r Row) (rdf.Term, error) {
				g := ex.activeGraph
				mk := matKey{op: id, g: g}
				found, ok := ex.existsOnce[mk]
				if !ok {
					inner(ex, r, g, func(Row) bool { found = true; return false })
					ex.activeGraph = g
					if ex.err != nil {
						return rdf.Term{}, ex.err
					}
					ex.existsOnce[mk] = found
				}
				return expr.Bool(found != not), nil
			}, nil
		}
		return func(ex *exec, r Row) (rdf.Term, error) {
			found := false
			g := ex.activeGraph
			inner(ex, r, g, func(Row) bool { found = true; return false })
			ex.activeGraph = g
			if ex.err != nil {
				return rdf.Term{}, ex.err
			}
			return expr.Bool(found != not), nil
		}, nil
	case *algebra.ExprAggregate:
		return nil, errors.New("sparql: aggregate outside of a grouped query")
	case *algebra.ExprCall:
		return c.call(x, bd)
	}
	return nil, fmt.Errorf("sparql: cannot evaluate expression %T", e)
}

func (c *compiler) call(x *algebra.ExprCall, bd algebra.VarSet) (evalFn, error) {
	if x.Op == "BOUND" {
		if len(x.Args) != 1 {
			return nil, errors.New("sparql: BOUND takes one variable")
		}
		v, ok := x.Args[0].(*algebra.ExprVar)
		if !ok {
			return nil, errors.New("sparql: BOUND takes a variable")
		}
		s := c.slot(v.Name)
		return func(ex *exec, r Row) (rdf.Term, error) { return expr.Bool(r[s] != 0), nil }, nil
	}
	if f := c.idCompare(x); f != nil {
		return f, nil
	}
	if f, err := c.numCompare(x, bd); f != nil || err != nil {
		return f, err
	}
	if f, err := c.nestedArith(x, bd); f != nil || err != nil {
		return f, err
	}
	args := make([]evalFn, len(x.Args))
	for i, a := range x.Args {
		f, err := c.expr(a, bd)
		if err != nil {
			return nil, err
		}
		args[i] = f
	}
	switch x.Op {
	case "||", "&&":
		if len(args) != 2 {
			return nil, fmt.Errorf("sparql: %s takes two operands", x.Op)
		}
		or := x.Op == "||"
		a, b := args[0], args[1]
		return func(ex *exec, r Row) (rdf.Term, error) {
			va, ea := ebvOf(ex, a, r)
			if ea == nil && va == or {
				return expr.Bool(or), nil
			}
			vb, eb := ebvOf(ex, b, r)
			if eb == nil && vb == or {
				return expr.Bool(or), nil
			}
			if ea != nil {
				return rdf.Term{}, ea
			}
			if eb != nil {
				return rdf.Term{}, eb
			}
			return expr.Bool(!or), nil
		}, nil
	case "!":
		a := args[0]
		return func(ex *exec, r Row) (rdf.Term, error) {
			v, err := ebvOf(ex, a, r)
			if err != nil {
				return rdf.Term{}, err
			}
			return expr.Bool(!v), nil
		}, nil
	case "IF":
		if len(args) != 3 {
			return nil, errors.New("sparql: IF takes three arguments")
		}
		return func(ex *exec, r Row) (rdf.Term, error) {
			v, err := ebvOf(ex, args[0], r)
			if err != nil {
				return rdf.Term{}, err
			}
			if v {
				return args[1](ex, r)
			}
			return args[2](ex, r)
		}, nil
	case "COALESCE":
		return func(ex *exec, r Row) (rdf.Term, error) {
			for _, a := range args {
				t, err := a(ex, r)
				if err == nil && !t.IsZero() {
					return t, nil
				}
				if err != nil && ex.err != nil {
					return rdf.Term{}, err
				}
			}
			return rdf.Term{}, fmt.Errorf("%w: COALESCE: no bound argument", expr.ErrType)
		}, nil
	case "IN", "NOT IN":
		not := x.Op == "NOT IN"
		set := constantSet(x.Args[1:])
		return func(ex *exec, r Row) (rdf.Term, error) {
			v, err := args[0](ex, r)
			if err != nil {
				return rdf.Term{}, err
			}
			if in, ok := set.lookup(v); ok {
				return expr.Bool(in != not), nil
			}
			var firstErr error
			for _, a := range args[1:] {
				t, err := a(ex, r)
				if err == nil {
					var eq bool
					eq, err = expr.Equal(v, t)
					if err == nil && eq {
						return expr.Bool(!not), nil
					}
				}
				if err != nil && firstErr == nil {
					firstErr = err
				}
			}
			if firstErr != nil {
				return rdf.Term{}, firstErr
			}
			return expr.Bool(not), nil
		}, nil
	case "=", "!=", "<", ">", "<=", ">=":
		op := x.Op
		a, b := args[0], args[1]
		return func(ex *exec, r Row) (rdf.Term, error) {
			va, err := a(ex, r)
			if err != nil {
				return rdf.Term{}, err
			}
			vb, err := b(ex, r)
			if err != nil {
				return rdf.Term{}, err
			}
			ok, err := expr.Relational(op, va, vb)
			if err != nil {
				return rdf.Term{}, err
			}
			return expr.Bool(ok), nil
		}, nil
	case "+", "-", "*", "/":
		var fn func(a, b rdf.Term) (rdf.Term, error)
		switch x.Op {
		case "+":
			fn = expr.Add
		case "-":
			fn = expr.Sub
		case "*":
			fn = expr.Mul
		default:
			fn = expr.Div
		}
		a, b := args[0], args[1]
		return func(ex *exec, r Row) (rdf.Term, error) {
			va, err := a(ex, r)
			if err != nil {
				return rdf.Term{}, err
			}
			vb, err := b(ex, r)
			if err != nil {
				return rdf.Term{}, err
			}
			return fn(va, vb)
		}, nil
	case "u+", "u-":
		fn := expr.Plus
		if x.Op == "u-" {
			fn = expr.Neg
		}
		a := args[0]
		return func(ex *exec, r Row) (rdf.Term, error) {
			va, err := a(ex, r)
			if err != nil {
				return rdf.Term{}, err
			}
			return fn(va)
		}, nil
	}
	name := x.Op
	fn, ok := expr.Lookup(name)
	if !ok {
		// Unknown functions are evaluation errors, not compile errors.
		return func(*exec, Row) (rdf.Term, error) {
			return rdf.Term{}, fmt.Errorf("%w: unknown function %s", expr.ErrType, name)
		}, nil
	}
	bound := expr.ResultBound(name)
	return func(ex *exec, r Row) (rdf.Term, error) {
		// Arguments go on the execution's stack (no allocation per call):
		// nested calls push and pop above them.
		base := len(ex.args)
		defer func() { ex.args = ex.args[:base] }()
		for _, a := range args {
			t, err := a(ex, r)
			if err != nil {
				return rdf.Term{}, err
			}
			ex.args = append(ex.args, t)
		}
		in := ex.args[base:len(ex.args):len(ex.args)]
		if bound != nil {
			// One call of these functions is not interruptible and costs
			// time in proportion to its result: look at the clock before
			// each, and bound the result of one call (MaxValueBytes) so
			// that the time between two looks is bounded too.
			if !ex.checkCtx() {
				return rdf.Term{}, ex.err
			}
			b := bound(in)
			if b > MaxValueBytes {
				return rdf.Term{}, &LimitError{Limit: "value-size", Max: MaxValueBytes, Bytes: true}
			}
			if ex.limits.MaxMemoryBytes > 0 && b > ex.limits.MaxMemoryBytes-ex.memBytes {
				// The result could pass what is left of the budget:
				// refuse before building it.
				return rdf.Term{}, &LimitError{Limit: "memory", Max: ex.limits.MaxMemoryBytes, Bytes: true}
			}
		}
		return fn(ex.fc, in)
	}, nil
}

func ebvOf(ex *exec, f evalFn, r Row) (bool, error) {
	t, err := f(ex, r)
	if err != nil {
		return false, err
	}
	return expr.EBV(t)
}

// test evaluates a filter condition: errors are false, except errors that
// stop the query.
func (ex *exec) test(f evalFn, r Row) bool {
	v, err := ebvOf(ex, f, r)
	if err != nil {
		if !errors.Is(err, expr.ErrType) {
			ex.fail(err)
		}
		return false
	}
	return v
}

// value evaluates an expression for BIND, SELECT or grouping: a type error
// gives the zero Term (unbound).
func (ex *exec) value(f evalFn, r Row) rdf.Term {
	t, err := f(ex, r)
	if err != nil {
		if !errors.Is(err, expr.ErrType) {
			ex.fail(err)
		}
		return rdf.Term{}
	}
	return t
}

// MaxValueBytes bounds the string one call of a function that can grow
// its input (REPLACE, CONCAT, UCASE, …) may build: past it the query ends
// with a "value-size" *LimitError. Such a call runs to its end once
// started, so this also bounds how long a query can go without looking at
// its deadline.
const MaxValueBytes = 16 << 20

// inSet answers IN over a list of constants with one lookup instead of a
// comparison per item, where the answer cannot depend on value equality
// or on a type error: an IRI equals only the same IRI (against any other
// term "=" is false, never an error), and a simple string compared with a
// list made only of simple strings is equal only to the same string.
type inSet struct {
	iris       map[string]bool
	strs       map[string]bool
	allStrings bool
}

// constantSet indexes a list of IN items when every one is a constant;
// nil otherwise (or for short lists, where the loop is as fast).
func constantSet(items []algebra.Expr) *inSet {
	if len(items) < 8 {
		return nil
	}
	set := &inSet{iris: map[string]bool{}, strs: map[string]bool{}, allStrings: true}
	for _, it := range items {
		c, ok := it.(*algebra.ExprTerm)
		if !ok {
			return nil
		}
		switch t := c.Term; {
		case t.IsIRI():
			set.iris[t.Value] = true
			set.allStrings = false
		case t.IsLiteral() && t.Datatype == rdf.XSDString && t.Lang == "":
			set.strs[t.Value] = true
		default:
			set.allStrings = false
		}
	}
	return set
}

// lookup reports whether v is in the set, and false for ok when the
// answer needs the item-by-item comparison.
func (s *inSet) lookup(v rdf.Term) (in, ok bool) {
	switch {
	case s == nil:
		return false, false
	case v.IsIRI():
		return s.iris[v.Value], true
	case s.allStrings && v.IsLiteral() && v.Datatype == rdf.XSDString && v.Lang == "":
		return s.strs[v.Value], true
	}
	return false, false
}
