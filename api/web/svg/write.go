package svg

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Options are the settings shared by every chart.
type Options struct {
	// Title is the accessible name of the chart (the <title> element).
	Title string
	// Desc is the longer accessible description (the <desc> element). When
	// empty, the chart writes a summary of its data.
	Desc string
	// Width and Height are the size of the drawing in CSS pixels; zero picks
	// the chart's default. The SVG also carries a viewBox, so it scales.
	Width, Height int
	// Lang selects the language of generated text ("fr", the default, or
	// "en"): month names, default descriptions, axis captions.
	Lang string
	// ID prefixes the ids of elements inside the chart (title, desc, arrow
	// markers) so that several charts can be inlined in one HTML page. It is
	// reduced to ASCII letters, digits, '-' and '_'; empty means "chart".
	ID string
}

func (o Options) size(w, h int) (int, int) {
	if o.Width > 0 {
		w = o.Width
	}
	if o.Height > 0 {
		h = o.Height
	}
	return w, h
}

func (o Options) id() string {
	var b strings.Builder
	for _, r := range o.ID {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}

func (o Options) english() bool { return o.Lang == "en" }

// canvas accumulates the SVG document.
type canvas struct {
	b bytes.Buffer
}

// esc returns s escaped for XML text and attribute values. Characters that
// XML 1.0 forbids are replaced by U+FFFD by encoding/xml.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// num formats a coordinate with at most two decimals and no trailing zeros,
// so output is stable and short.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	f = math.Round(f*100) / 100
	if f == 0 {
		return "0" // no "-0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (c *canvas) printf(format string, args ...any) {
	fmt.Fprintf(&c.b, format, args...)
}

// open writes the root element, title and desc.
func (c *canvas) open(o Options, w, h int, class string) {
	id := o.id()
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="ruche-chart %s" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" font-family="system-ui, sans-serif" font-size="12">`+"\n",
		class, w, h, w, h, id, id)
	c.printf("<title id=\"%s-title\">%s</title>\n", id, esc(o.Title))
}

func (c *canvas) desc(o Options, generated string) {
	d := o.Desc
	if d == "" {
		d = generated
	}
	c.printf("<desc id=\"%s-desc\">%s</desc>\n", o.id(), esc(d))
}

func (c *canvas) close() []byte {
	c.b.WriteString("</svg>\n")
	return c.b.Bytes()
}

// text writes a text element; anchor is start, middle or end.
func (c *canvas) text(x, y float64, anchor, class, s string) {
	c.printf("<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" class=\"%s\">%s</text>\n", num(x), num(y), anchor, class, esc(s))
}

// safeHref returns href if it is a relative reference without a scheme or an
// absolute http(s) URL, and "" otherwise (javascript:, data:, …).
func safeHref(href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		if u.Opaque != "" || strings.HasPrefix(href, "//") {
			return ""
		}
		return href
	case "http", "https":
		return href
	}
	return ""
}

// palette holds colours distinguishable by most colour-blind readers
// (Okabe–Ito), used in order.
var palette = []string{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"}

func colour(i int) string { return palette[i%len(palette)] }

// truncate shortens s to at most n runes, ending with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 2 {
		return s
	}
	return string(r[:n-1]) + "…"
}
