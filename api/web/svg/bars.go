package svg

import (
	"fmt"
	"strconv"
	"strings"
)

// KindStatusCount is the number of chantiers of one kind with one status.
// A chantier of several kinds counts once under each of them.
type KindStatusCount struct {
	// Kind is the label of the chantier kind (e.g. "expertise").
	Kind string
	// Status is the label of the status (e.g. "actif"); "" is drawn as
	// "sans statut" / "no status".
	Status string
	// Count is the number of chantiers; zero and negative counts draw nothing.
	Count int
}

// Layout of the bar chart, in pixels.
const (
	barWidth, barHeight = 640, 260
	barLeft, barRight   = 44, 170
	barTop, barBottom   = 16, 40
)

// ChantiersByKindAndStatus draws one stacked bar per kind, one coloured
// segment per status, with a legend. Kinds and statuses keep the order in
// which they first appear in counts; repeated (kind, status) pairs add up.
func ChantiersByKindAndStatus(counts []KindStatusCount, opts Options) []byte {
	var kinds, statuses []string
	cell := map[[2]string]int{}
	noStatus := "sans statut"
	if opts.english() {
		noStatus = "no status"
	}
	for _, kc := range counts {
		if kc.Count <= 0 {
			continue
		}
		st := kc.Status
		if st == "" {
			st = noStatus
		}
		if !contains(kinds, kc.Kind) {
			kinds = append(kinds, kc.Kind)
		}
		if !contains(statuses, st) {
			statuses = append(statuses, st)
		}
		cell[[2]string{kc.Kind, st}] += kc.Count
	}
	totals := make([]int, len(kinds))
	maxTotal := 1
	for i, k := range kinds {
		for _, s := range statuses {
			totals[i] += cell[[2]string{k, s}]
		}
		maxTotal = max(maxTotal, totals[i])
	}

	w, h := opts.size(barWidth, barHeight)
	plotW := float64(max(w-barLeft-barRight, 10))
	plotH := float64(max(h-barTop-barBottom, 10))
	step := niceStep(maxTotal, 5)
	yMax := ((maxTotal + step - 1) / step) * step
	y := func(n int) float64 { return barTop + plotH - plotH*float64(n)/float64(yMax) }

	var c canvas
	c.open(opts, w, h, "ruche-bars")
	c.desc(opts, barsSummary(kinds, statuses, cell, totals, opts))

	c.printf("<g class=\"axis axis-y\" stroke=\"#d0d0d0\" stroke-width=\"1\">\n")
	for n := 0; n <= yMax; n += step {
		c.printf("<line x1=\"%d\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", barLeft, num(y(n)), num(barLeft+plotW), num(y(n)))
	}
	c.printf("</g>\n<g class=\"labels labels-y\" fill=\"#333\">\n")
	for n := 0; n <= yMax; n += step {
		c.text(barLeft-6, y(n)+4, "end", "tick", strconv.Itoa(n))
	}
	c.printf("</g>\n")

	if len(kinds) > 0 {
		slot := plotW / float64(len(kinds))
		bw := min(slot*0.6, 80)
		c.printf("<g class=\"bars\">\n")
		for i, k := range kinds {
			x := barLeft + slot*float64(i) + (slot-bw)/2
			base := 0
			for si, s := range statuses {
				n := cell[[2]string{k, s}]
				if n == 0 {
					continue
				}
				top, bottom := y(base+n), y(base)
				c.printf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"><title>%s, %s : %d</title></rect>\n",
					num(x), num(top), num(bw), num(bottom-top), colour(si), esc(k), esc(s), n)
				base += n
			}
		}
		c.printf("</g>\n<g class=\"labels labels-x\" fill=\"#333\">\n")
		for i, k := range kinds {
			cx := barLeft + slot*float64(i) + slot/2
			c.text(cx, barTop+plotH+18, "middle", "tick", truncate(k, int(slot/7)))
		}
		c.printf("</g>\n")
	}

	// Legend.
	c.printf("<g class=\"legend\" fill=\"#333\">\n")
	lx := float64(w - barRight + 16)
	for i, s := range statuses {
		ly := float64(barTop + 18*i)
		c.printf("<rect x=\"%s\" y=\"%s\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", num(lx), num(ly), colour(i))
		c.text(lx+18, ly+10, "start", "legend-label", truncate(s, 20))
	}
	c.printf("</g>\n")
	return c.close()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func barsSummary(kinds, statuses []string, cell map[[2]string]int, totals []int, o Options) string {
	if len(kinds) == 0 {
		if o.english() {
			return "No chantier."
		}
		return "Aucun chantier."
	}
	var parts []string
	for i, k := range kinds {
		var segs []string
		for _, s := range statuses {
			if n := cell[[2]string{k, s}]; n > 0 {
				segs = append(segs, fmt.Sprintf("%d %s", n, s))
			}
		}
		parts = append(parts, fmt.Sprintf("%s : %d (%s)", k, totals[i], strings.Join(segs, ", ")))
	}
	return strings.Join(parts, " ; ") + "."
}
