package reconcile

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/search"
)

// qualityCase is one name of the test set and the entities it names (none
// for a name that matches nothing; several for namesakes).
type qualityCase struct {
	form   string // exact, accents, typo, reordered, abbreviated, english, absent
	query  string
	typ    search.Kind // "" for a query without type
	expect []string    // identifiers
}

// absentNames name nothing in the fixture, some of them close to names
// that exist (a town with no such institution, a chantier never opened).
var absentNames = []string{
	"Orchestre symphonique de Laval", "Musée de la Gaspésie", "Bibliothèque nationale", "Cinémathèque québécoise",
	"Chorale des Îles", "Fromagerie Perron", "Université Laval", "Ciné-club de Matane", "Festival de jazz de Montréal",
	"Salon du livre de Rimouski", "Intelligence artificielle en bibliothèque", "Chantier de la poésie orale",
	"Radio communautaire de Gaspé", "Théâtre de Laval", "Maison de la culture de Gatineau", "Musée régional de Granby",
	"Société d’histoire de Montréal", "Centre d’artistes de Sherbrooke", "Cirque du Soleil", "Opéra de Québec",
	"Gestion des droits d’auteur", "Danse contemporaine en région", "Blockchain et culture", "Tourisme gourmand",
	"Agriculture urbaine", "Hockey mineur", "Pêche au saumon", "Observatoire du Mont-Mégantic", "Zoo de Granby",
	"Vélo de montagne",
}

var abbrevWords = map[string]string{
	"Association": "Assoc.", "Québec": "Qc", "Saint": "St", "Montréal": "Mtl", "numérique": "num.",
	"numériques": "num.", "régional": "rég.", "régionale": "rég.", "développement": "dév.", "culturel": "cult.",
	"Bibliothèque": "Biblio.", "bibliothèques": "biblio.",
}

// misspell transposes two letters in the middle of the longest word.
func misspell(name string) string {
	words := strings.Fields(name)
	at := -1
	for i, w := range words {
		if len([]rune(w)) >= 5 && (at < 0 || len([]rune(w)) > len([]rune(words[at]))) {
			at = i
		}
	}
	if at < 0 {
		return ""
	}
	r := []rune(words[at])
	m := len(r) / 2
	if r[m] == r[m+1] {
		m--
	}
	r[m], r[m+1] = r[m+1], r[m]
	words[at] = string(r)
	return strings.Join(words, " ")
}

// abbreviate shortens the first word that has a usual abbreviation, else
// the longest word of 9+ letters to its first five and a dot.
func abbreviate(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		if a, ok := abbrevWords[w]; ok {
			words[i] = a
			return strings.Join(words, " ")
		}
	}
	at := -1
	for i, w := range words {
		if len([]rune(w)) >= 9 && (at < 0 || len([]rune(w)) > len([]rune(words[at]))) {
			at = i
		}
	}
	if at < 0 {
		return ""
	}
	words[at] = string([]rune(words[at])[:5]) + "."
	return strings.Join(words, " ")
}

func reorder(name string) string {
	words := strings.Fields(name)
	if len(words) < 2 {
		return ""
	}
	slices.Reverse(words)
	return strings.Join(words, " ")
}

// qualitySet builds the test set from every indexed chantier, legacy,
// organisation and theme of the fixture.
func qualitySet(t *testing.T, f *fixture) []qualityCase {
	var docs []*search.Doc
	for _, k := range []search.Kind{search.KindChantier, search.KindLegacy, search.KindOrganisation, search.KindTheme} {
		res, err := f.ix.Search(t.Context(), search.Query{Kinds: []search.Kind{k}, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			docs = append(docs, h.Doc)
		}
	}
	// namesakes: the entities named exactly (up to accents, case, order
	// and stop words) as a query.
	namesakes := func(q string) []string {
		var out []string
		for _, d := range docs {
			for _, n := range d.AllNames() {
				if search.NameScore(q, n) == 1 && !slices.Contains(out, d.ID) {
					out = append(out, strings.TrimPrefix(d.ID, testBase))
				}
			}
		}
		return out
	}
	var cases []qualityCase
	for i, d := range docs {
		id := strings.TrimPrefix(d.ID, testBase)
		typ := d.Kind
		if i%3 == 2 {
			typ = ""
		}
		fr := d.Label("fr")
		add := func(form, q string) {
			if q == "" {
				return
			}
			exp := []string{id}
			if typ == "" {
				for _, n := range namesakes(q) {
					if !slices.Contains(exp, n) {
						exp = append(exp, n)
					}
				}
			}
			cases = append(cases, qualityCase{form: form, query: q, typ: typ, expect: exp})
		}
		add("exact", fr)
		add("accents", strings.ToLower(search.Fold(fr)))
		add("typo", misspell(fr))
		add("reordered", reorder(fr))
		add("abbreviated", abbreviate(fr))
		if en := d.Names["en"]; len(en) > 0 {
			add("english", en[0])
		}
	}
	for i, n := range absentNames {
		typ := search.KindOrganisation
		if i%2 == 1 {
			typ = ""
		}
		cases = append(cases, qualityCase{form: "absent", query: n, typ: typ})
	}
	return cases
}

// TestQuality reconciles the test set and reports precision and recall at
// the top candidate and the share of match: true that are right; it
// requires 95 % top-1 on names that exist and no wrong match.
func TestQuality(t *testing.T) {
	f := newFixture(t, Config{Timeout: time.Hour}) // no time limit: a loaded machine must not fail it
	cases := qualitySet(t, f)
	if len(cases) < 200 {
		t.Fatalf("only %d names in the test set", len(cases))
	}
	batch := map[string]any{}
	for i, c := range cases {
		q := map[string]any{"query": c.query, "limit": 3}
		if c.typ != "" {
			q["type"] = string(c.typ)
		}
		batch[fmt.Sprint("q", i)] = q
	}
	body, _ := json.Marshal(batch)
	r := f.do(t, http.MethodPost, "/reconcile", "application/json", string(body))
	if r.code != 200 {
		t.Fatalf("%d %s", r.code, r.body)
	}
	validate(t, "reconciliation-result-batch.json", r.body)
	res := batchOf(t, r.body)
	type tally struct{ n, top1, predicted, predictedRight, matches, matchesRight int }
	byForm := map[string]*tally{}
	var all, existing tally
	for i, c := range cases {
		cands := res[fmt.Sprint("q", i)].Result
		tl := byForm[c.form]
		if tl == nil {
			tl = &tally{}
			byForm[c.form] = tl
		}
		for _, x := range []*tally{tl, &all} {
			x.n++
		}
		if c.form != "absent" {
			existing.n++
		}
		if len(cands) > 0 && cands[0].Score >= 50 {
			right := slices.Contains(c.expect, cands[0].ID)
			for _, x := range []*tally{tl, &all} {
				x.predicted++
				if right {
					x.predictedRight++
				}
			}
			if right && c.form != "absent" {
				tl.top1++
				existing.top1++
			}
		}
		for _, cand := range cands {
			if !cand.Match {
				continue
			}
			right := slices.Contains(c.expect, cand.ID)
			for _, x := range []*tally{tl, &all} {
				x.matches++
				if right {
					x.matchesRight++
				}
			}
			if !right {
				t.Errorf("wrong match: %q (%s) → %s, want %v", c.query, c.form, cand.ID, c.expect)
			}
		}
		if c.form != "absent" && (len(cands) == 0 || !slices.Contains(c.expect, cands[0].ID)) {
			t.Logf("missed: %q (%s, type %q) → %v, want %v", c.query, c.form, c.typ, top(cands), c.expect)
		}
	}
	pct := func(a, b int) float64 {
		if b == 0 {
			return 100
		}
		return 100 * float64(a) / float64(b)
	}
	forms := []string{"exact", "accents", "typo", "reordered", "abbreviated", "english", "absent"}
	for _, form := range forms {
		tl := byForm[form]
		if tl == nil {
			continue
		}
		if form == "absent" {
			t.Logf("QUALITY %-11s n=%3d  left without a candidate scoring 50+: %5.1f %%  match:true %3d",
				form, tl.n, pct(tl.n-tl.predicted, tl.n), tl.matches)
			continue
		}
		t.Logf("QUALITY %-11s n=%3d  recall@1 %5.1f %%  precision@1 %5.1f %%  match:true %3d (%5.1f %% right)",
			form, tl.n, pct(tl.top1, tl.n), pct(tl.predictedRight, tl.predicted), tl.matches, pct(tl.matchesRight, tl.matches))
	}
	recall := pct(existing.top1, existing.n)
	t.Logf("QUALITY all %d names (%d that exist): recall@1 %.1f %%, precision@1 %.1f %%, match:true %d of which %.1f %% right",
		all.n, existing.n, recall, pct(all.predictedRight, all.predicted), all.matches, pct(all.matchesRight, all.matches))
	if recall < 95 {
		t.Errorf("top-1 on names that exist is %.1f %%, below 95 %%", recall)
	}
	if all.matches != all.matchesRight {
		t.Errorf("%d wrong match: true", all.matches-all.matchesRight)
	}
}

func top(c []Candidate) string {
	if len(c) == 0 {
		return "nothing"
	}
	return fmt.Sprintf("%s (%.1f)", c[0].ID, c[0].Score)
}
