package door

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// NotModified evaluates If-None-Match (weak comparison, RFC 9110 §13.1.2),
// then If-Modified-Since when there is no If-None-Match, against a
// document's validators (modified may be zero: none). A malformed
// If-None-Match is the client's error.
func NotModified(req *http.Request, etag string, modified time.Time) (bool, error) {
	if inm := req.Header.Get("If-None-Match"); inm != "" {
		tags, err := parseETags(inm)
		if err != nil {
			return false, BadRequest("malformed If-None-Match header: " + err.Error())
		}
		for _, t := range tags {
			if t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true, nil
			}
		}
		return false, nil
	}
	if ims := req.Header.Get("If-Modified-Since"); ims != "" && !modified.IsZero() {
		t, err := http.ParseTime(ims)
		if err == nil && !modified.After(t) {
			return true, nil
		}
	}
	return false, nil
}

// parseETags parses an If-None-Match / If-Match list of entity tags.
func parseETags(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "*" {
		return []string{"*"}, nil
	}
	var tags []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			break
		}
		weak := ""
		if strings.HasPrefix(s, "W/") {
			weak, s = "W/", s[2:]
		}
		if !strings.HasPrefix(s, `"`) {
			return nil, fmt.Errorf("entity tags must be quoted")
		}
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return nil, fmt.Errorf("unterminated entity tag")
		}
		tag := s[:end+2]
		if bytes.ContainsAny([]byte(tag[1:len(tag)-1]), "\x00\r\n") {
			return nil, fmt.Errorf("invalid character in entity tag")
		}
		tags = append(tags, weak+tag)
		s = s[end+2:]
		s = strings.TrimLeft(s, " \t")
		if s != "" && s[0] != ',' {
			return nil, fmt.Errorf("expected ',' between entity tags")
		}
	}
	if len(tags) == 0 {
		return nil, fmt.Errorf("no entity tag")
	}
	return tags, nil
}
