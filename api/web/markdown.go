package web

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// Markdown renders the small markdown of ruche's own guides (api/docs):
// headings, paragraphs, fenced code blocks, bulleted lists, inline code,
// bold and links. Every character of the source is escaped; link targets
// are kept only when they are relative paths, fragments or http(s) URLs.
// It is meant for the repository's documents, not for data.
func Markdown(src string) template.HTML {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			flush()
			closeList()
			lang := strings.TrimPrefix(trimmed, "```")
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				code = append(code, lines[i])
			}
			class := ""
			if lang != "" {
				class = ` class="language-` + html.EscapeString(lang) + `"`
			}
			b.WriteString("<pre><code" + class + ">" + html.EscapeString(strings.Join(code, "\n")) + "</code></pre>\n")
		case strings.HasPrefix(trimmed, "#"):
			flush()
			closeList()
			level := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
			level = min(max(level, 1), 4)
			text := strings.TrimSpace(trimmed[level:])
			tag := "h" + string(rune('0'+level))
			b.WriteString("<" + tag + ">" + inline(text) + "</" + tag + ">\n")
		case strings.HasPrefix(trimmed, "- "):
			flush()
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			item := strings.TrimPrefix(trimmed, "- ")
			// Continuation lines of the item are indented.
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  ") && strings.TrimSpace(lines[i+1]) != "" && !strings.HasPrefix(strings.TrimSpace(lines[i+1]), "- ") {
				i++
				item += " " + strings.TrimSpace(lines[i])
			}
			b.WriteString("<li>" + inline(item) + "</li>\n")
		case trimmed == "":
			flush()
			closeList()
		default:
			closeList()
			para = append(para, trimmed)
		}
	}
	flush()
	closeList()
	return template.HTML(b.String())
}

var (
	mdCode = regexp.MustCompile("`([^`]+)`")
	mdLink = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
	mdBold = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

// inline renders code spans, links and bold in escaped text.
func inline(s string) string {
	// Code spans first, kept aside so that their content is not parsed.
	var codes []string
	s = mdCode.ReplaceAllStringFunc(s, func(m string) string {
		codes = append(codes, "<code>"+html.EscapeString(m[1:len(m)-1])+"</code>")
		return "\x00" + string(rune('A'+len(codes)-1)) + "\x00"
	})
	s = html.EscapeString(s)
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		p := mdLink.FindStringSubmatch(m)
		target := html.UnescapeString(p[2])
		if !(strings.HasPrefix(target, "/") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "https://") || strings.HasPrefix(target, "http://") || !strings.Contains(target, ":")) {
			return p[1]
		}
		return `<a href="` + html.EscapeString(target) + `">` + p[1] + `</a>`
	})
	s = mdBold.ReplaceAllString(s, "<strong>$1</strong>")
	for i, c := range codes {
		s = strings.Replace(s, "\x00"+string(rune('A'+i))+"\x00", c, 1)
	}
	return s
}
