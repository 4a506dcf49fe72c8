package rdfio

import "github.com/ruche-lod/ruche/store/rdf"

// maxEmbedDepth bounds how deep FrameJSONLD lets json-gold embed nodes in
// one another. json-gold's framing recurses once per level and checks each
// node it embeds against every level above it, so a chain of n nodes costs
// n levels of stack and n² comparisons (20,000 blank nodes in a chain took
// minutes). A graph whose references could nest deeper is written flat
// instead: compacted, every node at the top of "@graph".
const maxEmbedDepth = 64

// embedDepthBound returns an upper bound on the number of nodes on a path
// of references between the subjects of quads, which bounds how deep
// framing can embed: the longest path through the strongly connected
// components of the graph of references, each component counted for its
// size. It is linear in the number of quads and walks without recursion
// (Tarjan's algorithm with its own stack).
func embedDepthBound(quads []rdf.Quad) int {
	index := map[rdf.Term]int{}
	var nodes []rdf.Term
	id := func(t rdf.Term) int {
		i, ok := index[t]
		if !ok {
			i = len(nodes)
			index[t] = i
			nodes = append(nodes, t)
		}
		return i
	}
	for _, q := range quads {
		id(q.S)
	}
	subjects := len(nodes)
	edges := make([][]int, subjects)
	for _, q := range quads {
		if j, ok := index[q.O]; ok && j < subjects && (q.O.IsIRI() || q.O.IsBlank()) {
			i := index[q.S]
			edges[i] = append(edges[i], j)
		}
	}
	const unvisited = -1
	order := make([]int, subjects) // discovery order, or unvisited
	low := make([]int, subjects)
	onStack := make([]bool, subjects)
	comp := make([]int, subjects) // component of each node, once assigned
	for i := range order {
		order[i] = unvisited
		comp[i] = -1
	}
	var stack []int // Tarjan's stack of nodes
	var depth []int // longest path starting in each component
	type frame struct{ v, next int }
	counter := 0
	best := 0
	for root := range subjects {
		if order[root] != unvisited {
			continue
		}
		calls := []frame{{root, 0}}
		order[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			if f.next < len(edges[v]) {
				w := edges[v][f.next]
				f.next++
				switch {
				case order[w] == unvisited:
					order[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, 0})
				case onStack[w]:
					low[v] = min(low[v], order[w])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				u := calls[len(calls)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] != order[v] {
				continue
			}
			// v roots a component; every component it reaches is done.
			c := len(depth)
			var members []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = c
				members = append(members, w)
				if w == v {
					break
				}
			}
			next := 0
			for _, m := range members {
				for _, w := range edges[m] {
					if comp[w] != c {
						next = max(next, depth[comp[w]])
					}
				}
			}
			depth = append(depth, len(members)+next)
			best = max(best, depth[c])
		}
	}
	return best
}
