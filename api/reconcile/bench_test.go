package reconcile

import (
	"testing"
)

func BenchmarkReconcile(b *testing.B) {
	f := newFixture(b, Config{})
	ix := f.ix
	q := &query{Query: "Musée régional de Rimouski"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.svc.reconcile(b.Context(), ix, q); err != nil {
			b.Fatal(err)
		}
	}
}
