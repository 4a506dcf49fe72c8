package svg

import (
	"fmt"
	"strings"
)

// Node is a chantier in a lineage drawing.
type Node struct {
	// ID identifies the node within the drawing (e.g. the chantier IRI).
	ID string
	// Label is the text in the box (the chantier name); long labels are
	// shortened with an ellipsis and given in full as a tooltip.
	Label string
	// Href is the page the box links to; only relative references and
	// http(s) URLs are kept, anything else draws the box without a link.
	Href string
}

// Edge says that the chantier To emerged from the chantier From
// (To prov:wasDerivedFrom From).
type Edge struct {
	From, To string
}

// Layout of the lineage drawing, in pixels.
const (
	linBoxW, linBoxH = 190, 36
	linGapX, linGapY = 56, 14
	linMargin        = 8
	linChars         = 28
)

// Lineage draws chantiers as boxes in columns, left to right: a chantier
// sits one column to the right of the furthest chantier it emerged from.
// Nodes keep their input order within a column; edges naming unknown nodes
// and self-loops are ignored; cycles do not stop the drawing (their edges
// point backwards). Options.Width and Height are ignored: the size follows
// from the number of columns and rows.
func Lineage(nodes []Node, edges []Edge, opts Options) []byte {
	index := map[string]int{}
	var ns []Node
	for _, n := range nodes {
		if _, dup := index[n.ID]; dup {
			continue
		}
		index[n.ID] = len(ns)
		ns = append(ns, n)
	}
	var es [][2]int
	for _, e := range edges {
		f, okf := index[e.From]
		t, okt := index[e.To]
		if okf && okt && f != t {
			es = append(es, [2]int{f, t})
		}
	}

	// Longest-path ranks, relaxed at most len(ns) times so cycles end.
	rank := make([]int, len(ns))
	for range ns {
		changed := false
		for _, e := range es {
			if rank[e[1]] < rank[e[0]]+1 && rank[e[0]]+1 < len(ns) {
				rank[e[1]] = rank[e[0]] + 1
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	cols := 0
	for _, r := range rank {
		cols = max(cols, r+1)
	}
	row := make([]int, len(ns))
	perCol := make([]int, cols)
	for i, r := range rank {
		row[i] = perCol[r]
		perCol[r]++
	}
	// Edges spanning several columns pass through slots of their own in
	// the columns between, so they never cross a box.
	type waypoint struct{ rank, row int }
	via := make([][]waypoint, len(es))
	for i, e := range es {
		for r := rank[e[0]] + 1; r < rank[e[1]]; r++ {
			via[i] = append(via[i], waypoint{r, perCol[r]})
			perCol[r]++
		}
	}
	rows := 0
	for _, n := range perCol {
		rows = max(rows, n)
	}

	w := linMargin*2 + max(cols, 1)*linBoxW + max(cols-1, 0)*linGapX
	h := linMargin*2 + max(rows, 1)*linBoxH + max(rows-1, 0)*linGapY
	colX := func(r int) float64 { return float64(linMargin + r*(linBoxW+linGapX)) }
	rowY := func(r int) float64 { return float64(linMargin + r*(linBoxH+linGapY)) }
	boxX := func(i int) float64 { return colX(rank[i]) }
	boxY := func(i int) float64 { return rowY(row[i]) }

	o := opts
	o.Width, o.Height = 0, 0
	var c canvas
	c.open(o, w, h, "ruche-lineage")
	c.desc(opts, lineageSummary(ns, es, opts))
	id := opts.id()
	c.printf("<defs><marker id=\"%s-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#555\"/></marker></defs>\n", id)

	c.printf("<g class=\"edges\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.5\">\n")
	for i, e := range es {
		x, y := boxX(e[0])+linBoxW, boxY(e[0])+linBoxH/2
		c.printf("<path d=\"M%s %s", num(x), num(y))
		curve := func(x2, y2 float64) {
			mx := (x + x2) / 2
			c.printf(" C%s %s %s %s %s %s", num(mx), num(y), num(mx), num(y2), num(x2), num(y2))
			x, y = x2, y2
		}
		for _, wp := range via[i] {
			curve(colX(wp.rank), rowY(wp.row)+linBoxH/2)
			x += linBoxW
			c.printf(" H%s", num(x))
		}
		curve(boxX(e[1]), boxY(e[1])+linBoxH/2)
		c.printf("\" marker-end=\"url(#%s-arrow)\"/>\n", id)
	}
	c.printf("</g>\n<g class=\"nodes\">\n")
	for i, n := range ns {
		href := safeHref(n.Href)
		if href != "" {
			c.printf("<a href=\"%s\">", esc(href))
		}
		c.printf("<g class=\"node\"><title>%s</title><rect x=\"%s\" y=\"%s\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"#f4f8fb\" stroke=\"%s\" stroke-width=\"1.5\"/>",
			esc(n.Label), num(boxX(i)), num(boxY(i)), linBoxW, linBoxH, colour(0))
		lines := wrap(n.Label, linChars, 2)
		top := boxY(i) + linBoxH/2 + 4 - float64(len(lines)-1)*7
		c.printf("<text text-anchor=\"middle\" fill=\"#0b3a5b\">")
		for li, line := range lines {
			c.printf("<tspan x=\"%s\" y=\"%s\">%s</tspan>", num(boxX(i)+linBoxW/2), num(top+float64(li)*14), esc(line))
		}
		c.printf("</text></g>")
		if href != "" {
			c.printf("</a>")
		}
		c.printf("\n")
	}
	c.printf("</g>\n")
	return c.close()
}

func lineageSummary(ns []Node, es [][2]int, o Options) string {
	if len(es) == 0 {
		if o.english() {
			return fmt.Sprintf("%d chantiers, none emerged from another.", len(ns))
		}
		return fmt.Sprintf("%d chantiers, aucun n’est issu d’un autre.", len(ns))
	}
	var parts []string
	for _, e := range es {
		if o.english() {
			parts = append(parts, fmt.Sprintf("%s emerged from %s", ns[e[1]].Label, ns[e[0]].Label))
		} else {
			parts = append(parts, fmt.Sprintf("%s est issu de %s", ns[e[1]].Label, ns[e[0]].Label))
		}
	}
	return strings.Join(parts, " ; ") + "."
}

// wrap splits s into at most n lines of at most width runes, breaking at
// spaces; the last line ends with an ellipsis when text remains. A word
// longer than width is cut.
func wrap(s string, width, n int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len([]rune(cur))+1+len([]rune(w)) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur == "" {
			cur = w
		} else {
			cur += " " + w
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	if len(lines) > n {
		lines = append(lines[:n-1], strings.Join(lines[n-1:], " "))
	}
	for i := range lines {
		lines[i] = truncate(lines[i], width)
	}
	return lines
}
