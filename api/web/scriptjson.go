package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"unicode/utf8"
)

// ScriptJSON returns a complete <script type="application/ld+json"> element
// holding b, ready to be placed in HTML. b should be JSON from a serialiser
// (json.Marshal); whatever it holds, no data can end the element early:
// every '<', '>' and '&' becomes \u003c, \u003e, \u0026 and U+2028, U+2029
// become \u2028, \u2029. Inside JSON strings these are the same characters to
// every JSON parser; outside strings they cannot occur in valid JSON. HTML
// entities are deliberately not used: script content is not entity-decoded
// (JSON-LD 1.1 §7.2). Empty b gives an empty result.
func ScriptJSON(b []byte) template.HTML {
	return scriptElement("application/ld+json", "", b)
}

// scriptElement writes a non-executable data block of the given type, with
// an optional id.
func scriptElement(typ, id string, b []byte) template.HTML {
	if len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	var out bytes.Buffer
	out.WriteString(`<script type="`)
	out.WriteString(template.HTMLEscapeString(typ))
	out.WriteString(`"`)
	if id != "" {
		out.WriteString(` id="`)
		out.WriteString(template.HTMLEscapeString(id))
		out.WriteString(`"`)
	}
	out.WriteString(">")
	escapeJSONForScript(&out, b)
	out.WriteString("</script>")
	return template.HTML(out.String())
}

// escapeJSONForScript appends b to out with <, >, &, U+2028 and U+2029
// replaced by JSON \u escapes. Invalid UTF-8 bytes are replaced by U+FFFD
// so the page stays valid UTF-8.
func escapeJSONForScript(out *bytes.Buffer, b []byte) {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == '<':
			out.WriteString(`\u003c`)
		case r == '>':
			out.WriteString(`\u003e`)
		case r == '&':
			out.WriteString(`\u0026`)
		case r == '\u2028':
			out.WriteString(`\u2028`)
		case r == '\u2029':
			out.WriteString(`\u2029`)
		case r == utf8.RuneError && size == 1:
			out.WriteRune(utf8.RuneError)
		default:
			out.Write(b[:size])
		}
		b = b[size:]
	}
}

// SnippetText returns the text of the <script type="application/ld+json">
// element holding b, pretty-printed, for partners to copy. The text is
// meant to be shown as text (html/template escapes it for the <pre>).
func SnippetText(b []byte) string {
	var indented bytes.Buffer
	if err := json.Indent(&indented, bytes.TrimSpace(b), "", "  "); err == nil {
		b = indented.Bytes()
	}
	return string(scriptElement("application/ld+json", "", append(append([]byte("\n"), b...), '\n')))
}
