package svg

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Point is the number of participants from Date on, until the next point.
type Point struct {
	// Date is when the count took effect (a membership started or ended).
	Date time.Time
	// Count is the number of participants from Date on; negative counts are
	// drawn as zero.
	Count int
}

// Layout of the participants chart, in pixels.
const (
	ptWidth, ptHeight = 640, 240
	ptLeft, ptRight   = 44, 16
	ptTop, ptBottom   = 16, 36
)

// ParticipantsOverTime draws the number of participants over time as a step
// line with a date axis and a count axis. Points need not be sorted; points
// with the same date keep the last one given. With no point, the chart shows
// empty axes and says so in its description.
func ParticipantsOverTime(points []Point, opts Options) []byte {
	pts := normalisePoints(points)
	w, h := opts.size(ptWidth, ptHeight)
	plotW := float64(max(w-ptLeft-ptRight, 10))
	plotH := float64(max(h-ptTop-ptBottom, 10))

	var c canvas
	c.open(opts, w, h, "ruche-participants")
	c.desc(opts, participantsSummary(pts, opts))

	start, end := timeDomain(pts)
	maxCount := 1
	for _, p := range pts {
		maxCount = max(maxCount, p.Count)
	}
	yStep := niceStep(maxCount, 5)
	yMax := ((maxCount + yStep - 1) / yStep) * yStep
	span := end.Sub(start).Seconds()
	x := func(t time.Time) float64 { return ptLeft + plotW*t.Sub(start).Seconds()/span }
	y := func(n int) float64 { return ptTop + plotH - plotH*float64(n)/float64(yMax) }

	// Horizontal grid and count axis.
	c.printf("<g class=\"axis axis-y\" stroke=\"#d0d0d0\" stroke-width=\"1\">\n")
	for n := 0; n <= yMax; n += yStep {
		c.printf("<line x1=\"%d\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", ptLeft, num(y(n)), num(ptLeft+plotW), num(y(n)))
	}
	c.printf("</g>\n<g class=\"labels labels-y\" fill=\"#333\">\n")
	for n := 0; n <= yMax; n += yStep {
		c.text(ptLeft-6, y(n)+4, "end", "tick", strconv.Itoa(n))
	}
	c.printf("</g>\n")

	// Date axis.
	c.printf("<g class=\"axis axis-x\" stroke=\"#333\" stroke-width=\"1\">\n")
	c.printf("<line x1=\"%d\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", ptLeft, num(ptTop+plotH), num(ptLeft+plotW), num(ptTop+plotH))
	ticks := dateTicks(start, end, opts.english())
	for _, tk := range ticks {
		c.printf("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", num(x(tk.t)), num(ptTop+plotH), num(x(tk.t)), num(ptTop+plotH+4))
	}
	c.printf("</g>\n<g class=\"labels labels-x\" fill=\"#333\">\n")
	for _, tk := range ticks {
		c.text(x(tk.t), ptTop+plotH+18, "middle", "tick", tk.label)
	}
	c.printf("</g>\n")

	// The step line.
	if len(pts) > 0 {
		c.printf("<path class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"M%s %s", colour(0), num(x(pts[0].Date)), num(y(pts[0].Count)))
		for i := 1; i < len(pts); i++ {
			c.printf(" H%s V%s", num(x(pts[i].Date)), num(y(pts[i].Count)))
		}
		c.printf(" H%s\"/>\n", num(x(end)))
		c.printf("<g class=\"points\" fill=\"%s\">\n", colour(0))
		for _, p := range pts {
			c.printf("<circle cx=\"%s\" cy=\"%s\" r=\"3\"><title>%s : %d</title></circle>\n",
				num(x(p.Date)), num(y(p.Count)), esc(p.Date.Format(time.DateOnly)), p.Count)
		}
		c.printf("</g>\n")
	}
	return c.close()
}

// normalisePoints sorts a copy of points by date, keeps the last count given
// for a date and clamps negative counts to zero.
func normalisePoints(points []Point) []Point {
	pts := make([]Point, 0, len(points))
	for _, p := range points {
		p.Date = p.Date.UTC()
		p.Count = max(p.Count, 0)
		pts = append(pts, p)
	}
	slices.SortStableFunc(pts, func(a, b Point) int { return a.Date.Compare(b.Date) })
	out := pts[:0]
	for _, p := range pts {
		if n := len(out); n > 0 && out[n-1].Date.Equal(p.Date) {
			out[n-1] = p
			continue
		}
		out = append(out, p)
	}
	return out
}

// timeDomain returns the dates at both ends of the axis: the first point
// and the last one plus 4 % of the span, or 60 days around points closer
// than that.
func timeDomain(pts []Point) (start, end time.Time) {
	if len(pts) == 0 {
		start = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(1, 0, 0)
	}
	start, end = pts[0].Date, pts[len(pts)-1].Date
	if end.Sub(start) < 60*24*time.Hour {
		mid := start.Add(end.Sub(start) / 2)
		return mid.AddDate(0, 0, -30), mid.AddDate(0, 0, 30)
	}
	// A little room after the last change, so its step shows.
	return start, end.Add(end.Sub(start) / 25)
}

// niceStep returns a step of 1, 2 or 5 times a power of ten such that
// [0, maxValue] holds at most n steps.
func niceStep(maxValue, n int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := m * p; maxValue/s < n || s > maxValue {
				return s
			}
		}
		if p > 1e12 {
			return p
		}
	}
}

type tick struct {
	t     time.Time
	label string
}

var monthsFR = [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
var monthsEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// dateTicks picks at most about eight ticks on whole years or whole months
// (every 1, 2, 3, 6 months) between start and end inclusive.
func dateTicks(start, end time.Time, english bool) []tick {
	months := monthsFR
	if english {
		months = monthsEN
	}
	years := end.Year() - start.Year()
	if years >= 3 {
		step := 1
		for years/step > 8 {
			step++
		}
		var ts []tick
		for yr := start.Year() + 1; yr <= end.Year(); yr++ {
			if (yr-start.Year()-1)%step != 0 {
				continue
			}
			ts = append(ts, tick{time.Date(yr, 1, 1, 0, 0, 0, 0, time.UTC), strconv.Itoa(yr)})
		}
		return ts
	}
	total := years*12 + int(end.Month()) - int(start.Month())
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12} {
		step = s
		if total/s <= 8 {
			break
		}
	}
	var ts []tick
	first := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	if first.Before(start) {
		first = first.AddDate(0, 1, 0)
	}
	for i, t := 0, first; !t.After(end) && i < 100; i, t = i+1, first.AddDate(0, (i+1)*step, 0) {
		label := months[t.Month()-1]
		if t.Month() == time.January || i == 0 || step >= 3 {
			label = fmt.Sprintf("%s %d", label, t.Year())
		}
		ts = append(ts, tick{t, label})
	}
	return ts
}

func participantsSummary(pts []Point, o Options) string {
	if len(pts) == 0 {
		if o.english() {
			return "No dated participation."
		}
		return "Aucune participation datée."
	}
	first, last := pts[0], pts[len(pts)-1]
	peak := first
	for _, p := range pts {
		if p.Count > peak.Count {
			peak = p
		}
	}
	if o.english() {
		return fmt.Sprintf("%d participants on %s, %d on %s; at most %d (from %s).",
			first.Count, first.Date.Format(time.DateOnly), last.Count, last.Date.Format(time.DateOnly),
			peak.Count, peak.Date.Format(time.DateOnly))
	}
	return fmt.Sprintf("%d participant·e·s le %s, %d le %s ; au plus %d (à partir du %s).",
		first.Count, first.Date.Format(time.DateOnly), last.Count, last.Date.Format(time.DateOnly),
		peak.Count, peak.Date.Format(time.DateOnly))
}
