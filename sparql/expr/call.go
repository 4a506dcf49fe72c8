package expr

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

// ErrUnknownFunction is returned by [Call] for a name it does not know. It
// wraps [ErrType], as the spec makes an unknown function an evaluation error.
var ErrUnknownFunction = fmt.Errorf("%w: unknown function", ErrType)

// FuncContext is what functions share within one query execution: the base
// IRI for IRI(), the one NOW value, the random source and the BNODE labels
// of the current solution. Make one per query with [NewFuncContext]; it is
// safe for concurrent use.
type FuncContext struct {
	// BaseIRI resolves relative IRIs given to IRI()/URI().
	BaseIRI string
	// Now is the value of NOW() for the whole query.
	Now time.Time

	once    sync.Once
	mu      sync.Mutex
	prefix  string
	counter uint64
	bnodes  map[string]string
	rng     *mrand.Rand
}

// NewFuncContext returns a context for one query. A zero now means the
// current time.
func NewFuncContext(baseIRI string, now time.Time) *FuncContext {
	if now.IsZero() {
		now = time.Now()
	}
	var seed [16]byte
	_, _ = rand.Read(seed[:])
	s1 := uint64(0)
	s2 := uint64(0)
	for i := range 8 {
		s1 = s1<<8 | uint64(seed[i])
		s2 = s2<<8 | uint64(seed[8+i])
	}
	return &FuncContext{
		BaseIRI: baseIRI,
		Now:     now,
		prefix:  "g" + hex.EncodeToString(seed[:6]) + "_",
		rng:     mrand.New(mrand.NewPCG(s1, s2)),
	}
}

// NextSolution starts a new solution: BNODE(str) gives fresh labels again.
func (fc *FuncContext) NextSolution() {
	fc.mu.Lock()
	clear(fc.bnodes)
	fc.mu.Unlock()
}

// init fills in the random state of a FuncContext not made by
// NewFuncContext. It runs once, through fc.once.
func (fc *FuncContext) init() {
	if fc.Now.IsZero() {
		fc.Now = time.Now()
	}
	if fc.prefix == "" {
		n := NewFuncContext(fc.BaseIRI, fc.Now)
		fc.prefix, fc.rng = n.prefix, n.rng
	}
}

// newBlank returns a fresh blank node; with a key, the same node for the
// same key within the current solution.
func (fc *FuncContext) newBlank(key string, keyed bool) rdf.Term {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if keyed {
		if l, ok := fc.bnodes[key]; ok {
			return rdf.Blank(l)
		}
	}
	fc.counter++
	l := fc.prefix + strconv.FormatUint(fc.counter, 10)
	if keyed {
		if fc.bnodes == nil {
			fc.bnodes = make(map[string]string)
		}
		fc.bnodes[key] = l
	}
	return rdf.Blank(l)
}

func (fc *FuncContext) float64() float64 {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return fc.rng.Float64()
}

// function is a function of the library: its arity and its code.
type function struct {
	min, max int // arity; max < 0 means variadic
	fn       func(fc *FuncContext, args []rdf.Term) (rdf.Term, error)
}

// Props say what a function reads besides its arguments: what a planner
// must know before it evaluates a call once for all (constant folding) or
// reuses a value (memoizing).
type Props uint8

const (
	// Fresh functions give a new value at each call: RAND, UUID, STRUUID,
	// BNODE.
	Fresh Props = 1 << iota
	// ReadsClock functions read the time of the execution: NOW.
	ReadsClock
	// ReadsBase functions read the base IRI of the execution: IRI, URI.
	ReadsBase
	// Special forms evaluate their arguments themselves and are the
	// evaluator's business: BOUND, IF, COALESCE. They have an arity but no
	// code here.
	Special
)

// specialForms are the built-ins the evaluator implements itself.
var specialForms = map[string]function{
	"BOUND":    {1, 1, nil},
	"IF":       {3, 3, nil},
	"COALESCE": {0, -1, nil},
}

// entry is one function of the registry with its properties.
type entry struct {
	function
	props Props
}

// registry is the one declaration of SPARQL's functions: every built-in
// keyword (upper case) and XSD cast (datatype IRI), with its arity and
// properties. The properties of a function are those of the table that
// declares it. The parser's built-in calls, the evaluator's calls, the
// optimizer's constant folding and memoizing all read it.
var registry map[string]entry

func init() {
	addDerivedCasts()
	registry = make(map[string]entry)
	for _, tab := range []struct {
		funcs map[string]function
		props Props
	}{
		{termFuncs, 0}, {stringFuncs, 0}, {numericFuncs, 0}, {dateFuncs, 0}, {hashFuncs, 0}, {castFuncs, 0},
		{freshFuncs, Fresh}, {clockFuncs, ReadsClock}, {baseFuncs, ReadsBase}, {specialForms, Special},
	} {
		for name, f := range tab.funcs {
			if _, dup := registry[name]; dup {
				panic("expr: function " + name + " declared twice")
			}
			registry[name] = entry{f, tab.props}
		}
	}
}

// Arity returns the number of arguments a function or special form
// accepts (max is -1 for a variadic one) and whether it exists. The parser
// checks built-in calls with it.
func Arity(name string) (minArgs, maxArgs int, ok bool) {
	f, ok := registry[name]
	return f.min, f.max, ok
}

// PropsOf returns the properties of a function, and whether it exists.
func PropsOf(name string) (Props, bool) {
	f, ok := registry[name]
	return f.props, ok
}

// Foldable reports whether a call of name on constant arguments may be
// evaluated once, when planning: a function of the registry that reads
// nothing but its arguments (no Fresh, ReadsClock, ReadsBase or Special
// property).
func Foldable(name string) bool {
	f, ok := registry[name]
	return ok && f.props == 0
}

// Keywords returns the names of the built-in functions and special forms
// called by a keyword (not by an IRI), sorted.
func Keywords() []string {
	var out []string
	for name := range registry {
		if !strings.Contains(name, ":") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Func is a function of the registry, resolved once by [Lookup].
type Func func(fc *FuncContext, args []rdf.Term) (rdf.Term, error)

// Lookup resolves a function name once, for an evaluator that compiles its
// expressions: calling the result is the same as calling [Call] with name.
// Special forms are not found.
func Lookup(name string) (Func, bool) {
	f, ok := registry[name]
	if !ok || f.fn == nil {
		return nil, false
	}
	return func(fc *FuncContext, args []rdf.Term) (rdf.Term, error) { return call(fc, name, f.function, args) }, true
}

// textScanners are the built-ins that read their argument's whole text
// (matching, searching, rewriting, hashing it).
var textScanners = map[string]bool{
	"REGEX": true, "REPLACE": true, "CONTAINS": true, "STRSTARTS": true,
	"STRENDS": true, "STRBEFORE": true, "STRAFTER": true, "LCASE": true,
	"UCASE": true, "ENCODE_FOR_URI": true, "MD5": true, "SHA1": true,
	"SHA256": true, "SHA384": true, "SHA512": true,
}

// ScansText reports whether the built-in name reads its argument's whole
// text: a call costs far more than a comparison of ids or numbers, which a
// planner weighs when it places a filter.
func ScansText(name string) bool { return textScanners[name] }

// Volatile reports whether the function name gives a new value at each
// call ([Fresh]: RAND, UUID, STRUUID, BNODE), so that no call may stand for
// another even on the same arguments.
func Volatile(name string) bool {
	p, _ := PropsOf(name)
	return p&Fresh != 0
}

// Call evaluates the function name on already evaluated arguments. name is a
// built-in keyword in upper case ("STRLEN", "REGEX", ...) or a function IRI
// (the XSD casts, such as rdf.XSDInteger). The special forms BOUND, IF,
// COALESCE, IN, NOT IN, EXISTS, && and || evaluate their arguments lazily and
// are the evaluator's business. A zero Term argument (unbound) is a type
// error. fc may be nil for functions other than IRI, BNODE, RAND and NOW.
func Call(fc *FuncContext, name string, args []rdf.Term) (rdf.Term, error) {
	f, ok := registry[name]
	if !ok || f.fn == nil {
		return rdf.Term{}, fmt.Errorf("%w %s", ErrUnknownFunction, name)
	}
	return call(fc, name, f.function, args)
}

func call(fc *FuncContext, name string, f function, args []rdf.Term) (rdf.Term, error) {
	if len(args) < f.min || (f.max >= 0 && len(args) > f.max) {
		return rdf.Term{}, typeErrorf("%s: wrong number of arguments (%d)", name, len(args))
	}
	for _, a := range args {
		if a.Kind == rdf.KindNone {
			return rdf.Term{}, typeErrorf("%s: unbound argument", name)
		}
	}
	if fc == nil {
		fc = &FuncContext{}
	}
	fc.once.Do(fc.init)
	t, err := f.fn(fc, args)
	if err != nil {
		return rdf.Term{}, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// ResultBound returns, for the functions whose result can be much larger
// than their arguments, an upper bound of the bytes of the result from the
// arguments; nil for the others. The evaluator refuses a call whose
// bound passes its limits before making it, and the optimizer folds no
// constant call whose result could be large.
func ResultBound(name string) func(args []rdf.Term) int64 {
	switch strings.ToUpper(name) {
	case "CONCAT":
		return func(args []rdf.Term) int64 {
			n := int64(0)
			for _, a := range args {
				n += int64(len(a.Value))
			}
			return n
		}
	case "REPLACE":
		// Each match (at most one per byte, plus one) adds the
		// replacement; each $n reference in it adds at most the input
		// again over all matches.
		return func(args []rdf.Term) int64 {
			if len(args) < 3 {
				return 0
			}
			n, repl := int64(len(args[0].Value)), args[2].Value
			refs := int64(strings.Count(repl, "$"))
			return n + (n+1)*int64(len(repl)) + refs*n
		}
	case "UCASE", "LCASE", "ENCODE_FOR_URI":
		// Case mapping can triple a byte; percent-encoding too.
		return func(args []rdf.Term) int64 {
			if len(args) == 0 {
				return 0
			}
			return 3 * int64(len(args[0].Value))
		}
	}
	return nil
}
