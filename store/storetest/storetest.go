// Package storetest holds what tests of several packages need of a store.
package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store"
)

// Image is every quad of every space, every meta value and the data
// version, as text: two equal images mean a byte-identical dataset (a
// refused write changed nothing).
func Image(t testing.TB, st *store.Store) string {
	t.Helper()
	snap := st.Snapshot()
	defer snap.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "version %d\n", snap.Version())
	for _, sp := range []store.Space{store.Public, store.Private, store.Archive} {
		for q, err := range snap.In(sp).Match(context.Background(), store.Pattern{AnyGraph: true}) {
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%d %v %v %v %v\n", sp, q.S, q.P, q.O, q.G)
		}
	}
	for m, err := range snap.ScanMeta(context.Background(), "") {
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "meta %s %x\n", m.Key, m.Value)
	}
	return b.String()
}
