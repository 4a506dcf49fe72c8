//go:build race

package rdfio

// big scales the size of a hostile input down under the race detector,
// which slows the work ten-fold; the test checks the same shapes.
func big(n int) int { return n / 8 }
