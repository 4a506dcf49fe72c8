package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/ruche-lod/ruche/store"
)

func runStats(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "stats")
	asJSON := fs.Bool("json", false, "print JSON")
	top := fs.Int("top", 20, "predicates to list")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts := storeOptions()
	opts.ReadOnly = true
	st, err := store.Open(*data, opts)
	if err != nil {
		return err
	}
	defer st.Close()
	snap := st.Snapshot()
	defer snap.Close()
	stats := snap.Stats()

	type predicateLine struct {
		Predicate        string `json:"predicate"`
		Quads            uint64 `json:"quads"`
		DistinctSubjects uint64 `json:"distinctSubjects"`
		DistinctObjects  uint64 `json:"distinctObjects"`
	}
	var preds []predicateLine
	for id, ps := range stats.Predicates {
		t, err := snap.Term(id)
		if err != nil {
			return err
		}
		preds = append(preds, predicateLine{t.Value, ps.Quads, ps.DistinctSubjects, ps.DistinctObjects})
	}
	sort.Slice(preds, func(i, j int) bool {
		if preds[i].Quads != preds[j].Quads {
			return preds[i].Quads > preds[j].Quads
		}
		return preds[i].Predicate < preds[j].Predicate
	})
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{
			"quads": stats.Quads, "distinctSubjects": stats.DistinctSubjects, "distinctObjects": stats.DistinctObjects,
			"graphs": len(stats.Graphs), "predicates": preds, "version": snap.Version(),
		})
	}
	fmt.Fprintf(e.stdout, "quads              %d\n", stats.Quads)
	fmt.Fprintf(e.stdout, "distinct subjects  %d\n", stats.DistinctSubjects)
	fmt.Fprintf(e.stdout, "distinct objects   %d\n", stats.DistinctObjects)
	fmt.Fprintf(e.stdout, "graphs             %d\n", len(stats.Graphs))
	fmt.Fprintf(e.stdout, "predicates         %d\n", len(stats.Predicates))
	fmt.Fprintf(e.stdout, "data version       %d\n", snap.Version())
	if len(preds) > *top {
		preds = preds[:*top]
	}
	if len(preds) > 0 {
		fmt.Fprintf(e.stdout, "\n%12s %12s %12s  predicate\n", "quads", "subjects", "objects")
		for _, p := range preds {
			fmt.Fprintf(e.stdout, "%12d %12d %12d  %s\n", p.Quads, p.DistinctSubjects, p.DistinctObjects, p.Predicate)
		}
	}
	return nil
}

func runCheck(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "check")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts := storeOptions()
	opts.ReadOnly = true
	st, err := store.Open(*data, opts)
	if err != nil {
		return err
	}
	defer st.Close()
	report, err := st.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "terms %d\n", report.Terms)
	for i, n := range report.Quads {
		fmt.Fprintf(e.stdout, "space %d: %d quads, index keys %v\n", i, n, report.Spaces[i].IndexKeys)
	}
	for _, p := range report.Problems {
		fmt.Fprintln(e.stdout, "problem:", p)
	}
	if report.Omitted > 0 {
		fmt.Fprintf(e.stdout, "… and %d more problems\n", report.Omitted)
	}
	if report.OK() {
		fmt.Fprintln(e.stdout, "ok: every index agrees")
	}
	if !report.OK() {
		return fmt.Errorf("the store at %s is inconsistent", *data)
	}
	return nil
}

func runBackup(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "backup")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: ruche backup [--data DIR] FILE"}
	}
	return backupTo(ctx, *data, fs.Arg(0), e)
}

func runRestore(ctx context.Context, e env, args []string) error {
	fs, data := newFlagSet(e, "restore")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: ruche restore [--data DIR] FILE"}
	}
	return restoreFrom(*data, fs.Arg(0), e)
}
