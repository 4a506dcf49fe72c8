package expr

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
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

// function is one entry of the registry.
type function struct {
	min, max int // arity; max < 0 means variadic
	fn       func(fc *FuncContext, args []rdf.Term) (rdf.Term, error)
}

var registry map[string]function

func init() {
	addDerivedCasts()
	registry = make(map[string]function)
	for _, tab := range []map[string]function{termFuncs, stringFuncs, numericFuncs, dateFuncs, hashFuncs, castFuncs} {
		for name, f := range tab {
			registry[name] = f
		}
	}
}

// Arity returns the number of arguments a function accepts (max is -1 for a
// variadic one) and whether the function exists. The parser or the algebra
// may use it to reject bad calls before evaluation.
func Arity(name string) (minArgs, maxArgs int, ok bool) {
	f, ok := registry[name]
	return f.min, f.max, ok
}

// Func is a function of the registry, resolved once by [Lookup].
type Func func(fc *FuncContext, args []rdf.Term) (rdf.Term, error)

// Lookup resolves a function name once, for an evaluator that compiles its
// expressions: calling the result is the same as calling [Call] with name.
func Lookup(name string) (Func, bool) {
	f, ok := registry[name]
	if !ok {
		return nil, false
	}
	return func(fc *FuncContext, args []rdf.Term) (rdf.Term, error) { return call(fc, name, f, args) }, true
}

// Volatile reports whether the function name gives a new value at each
// call (RAND, UUID, STRUUID, BNODE), so that no call may stand for
// another even on the same arguments.
func Volatile(name string) bool {
	switch name {
	case "RAND", "UUID", "STRUUID", "BNODE":
		return true
	}
	return false
}

// Call evaluates the function name on already evaluated arguments. name is a
// built-in keyword in upper case ("STRLEN", "REGEX", ...) or a function IRI
// (the XSD casts, such as rdf.XSDInteger). The special forms BOUND, IF,
// COALESCE, IN, NOT IN, EXISTS, && and || evaluate their arguments lazily and
// are the evaluator's business. A zero Term argument (unbound) is a type
// error. fc may be nil for functions other than IRI, BNODE, RAND and NOW.
func Call(fc *FuncContext, name string, args []rdf.Term) (rdf.Term, error) {
	f, ok := registry[name]
	if !ok {
		return rdf.Term{}, fmt.Errorf("%w %s", ErrUnknownFunction, name)
	}
	return call(fc, name, f, args)
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
