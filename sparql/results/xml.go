package results

import (
	"strings"
	"unicode/utf8"

	"github.com/ruche-lod/ruche/store/rdf"
)

const (
	sparqlNS  = "http://www.w3.org/2005/sparql-results#"
	xmlProlog = "<?xml version=\"1.0\"?>\n<sparql xmlns=\"" + sparqlNS + "\">\n"
)

// xmlEncoder writes SPARQL Query Results XML.
type xmlEncoder struct{}

func (xmlEncoder) header(dst []byte, vars []string) []byte {
	dst = append(dst, xmlProlog...)
	dst = append(dst, "<head>\n"...)
	for _, v := range vars {
		dst = append(dst, `  <variable name="`...)
		dst = appendXMLText(dst, v)
		dst = append(dst, "\"/>\n"...)
	}
	return append(dst, "</head>\n<results>\n"...)
}

func (xmlEncoder) row(dst []byte, vars []string, row []rdf.Term) []byte {
	dst = append(dst, "  <result>\n"...)
	for i, t := range row {
		if t.Kind == rdf.KindNone {
			continue
		}
		dst = append(dst, `    <binding name="`...)
		dst = appendXMLText(dst, vars[i])
		dst = append(dst, `">`...)
		switch t.Kind {
		case rdf.KindIRI:
			dst = append(dst, "<uri>"...)
			dst = appendXMLText(dst, t.Value)
			dst = append(dst, "</uri>"...)
		case rdf.KindBlank:
			dst = append(dst, "<bnode>"...)
			dst = appendXMLText(dst, t.Value)
			dst = append(dst, "</bnode>"...)
		default:
			dst = append(dst, "<literal"...)
			switch {
			case t.Lang != "":
				dst = append(dst, ` xml:lang="`...)
				dst = appendXMLText(dst, t.Lang)
				dst = append(dst, '"')
			case t.Datatype != "" && t.Datatype != rdf.XSDString:
				dst = append(dst, ` datatype="`...)
				dst = appendXMLText(dst, t.Datatype)
				dst = append(dst, '"')
			}
			dst = append(dst, '>')
			dst = appendXMLText(dst, t.Value)
			dst = append(dst, "</literal>"...)
		}
		dst = append(dst, "</binding>\n"...)
	}
	return append(dst, "  </result>\n"...)
}

func (xmlEncoder) trailer(dst []byte) []byte {
	return append(dst, "</results>\n</sparql>\n"...)
}

// abort leaves <results> and <sparql> unclosed, so the document is not
// well-formed, and names the error in a comment.
func (xmlEncoder) abort(dst []byte, _ []string, err error) []byte {
	msg := strings.ReplaceAll(err.Error(), "--", "- -")
	dst = append(dst, "<!-- query aborted: "...)
	dst = appendXMLText(dst, strings.TrimSuffix(msg, "-"))
	return append(dst, " -->\n"...)
}

// appendXMLText escapes s for element content and attribute values. XML 1.0
// cannot carry most control characters even as references; they and invalid
// UTF-8 become U+FFFD.
func appendXMLText(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '<':
				dst = append(dst, "&lt;"...)
			case '>':
				dst = append(dst, "&gt;"...)
			case '&':
				dst = append(dst, "&amp;"...)
			case '"':
				dst = append(dst, "&quot;"...)
			case '\r':
				dst = append(dst, "&#xD;"...)
			case '\n':
				dst = append(dst, "&#xA;"...)
			case '\t':
				dst = append(dst, "&#x9;"...)
			default:
				if c < 0x20 || c == 0x7f {
					dst = append(dst, "\uFFFD"...)
				} else {
					dst = append(dst, c)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}
