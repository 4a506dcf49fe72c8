package results

import (
	"errors"
	"fmt"
	"mime"
	"path/filepath"
	"strings"
)

// Format is a SPARQL result format.
type Format int

// The result formats. Table is aligned text for terminals; it is written
// but not read.
const (
	FormatUnknown Format = iota
	JSON
	XML
	CSV
	TSV
	Table
)

type formatInfo struct {
	name      string
	mediaType string
	ext       string
	aliases   []string
}

var formats = map[Format]formatInfo{
	JSON:  {"json", "application/sparql-results+json", ".srj", []string{"srj", "application/json"}},
	XML:   {"xml", "application/sparql-results+xml", ".srx", []string{"srx", "application/xml", "text/xml"}},
	CSV:   {"csv", "text/csv", ".csv", nil},
	TSV:   {"tsv", "text/tab-separated-values", ".tsv", nil},
	Table: {"table", "text/plain", ".txt", []string{"text", "txt"}},
}

// AllFormats lists the formats in a fixed order (preference order for
// content negotiation).
var AllFormats = []Format{JSON, XML, CSV, TSV, Table}

// ErrUnsupportedFormat is returned for an unknown result format.
var ErrUnsupportedFormat = errors.New("unsupported SPARQL results format")

// String returns the short name of f ("json", "xml", "csv", "tsv", "table").
func (f Format) String() string {
	if i, ok := formats[f]; ok {
		return i.name
	}
	return "unknown"
}

// MediaType returns the media type of f.
func (f Format) MediaType() string { return formats[f].mediaType }

// Extension returns the usual file extension of f, with its dot.
func (f Format) Extension() string { return formats[f].ext }

// ParseFormat finds a format by short name, file extension (without dot) or
// media type (parameters ignored), case-insensitively.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if mt, _, err := mime.ParseMediaType(s); err == nil {
		s = mt
	}
	for _, f := range AllFormats {
		i := formats[f]
		if s == i.name || s == i.mediaType {
			return f, nil
		}
		for _, a := range i.aliases {
			if s == a {
				return f, nil
			}
		}
	}
	return FormatUnknown, fmt.Errorf("%w: %q", ErrUnsupportedFormat, s)
}

// FormatFromPath picks a format from a file name's extension (.srj, .srx,
// .csv, .tsv, .json, .xml).
func FormatFromPath(path string) (Format, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	return ParseFormat(ext)
}

// MediaTypes returns the media types that name f: its own first, then the
// others clients send for it (application/json for JSON, application/xml
// and text/xml for XML).
func (f Format) MediaTypes() []string {
	i, ok := formats[f]
	if !ok {
		return nil
	}
	out := []string{i.mediaType}
	for _, a := range i.aliases {
		if strings.Contains(a, "/") {
			out = append(out, a)
		}
	}
	return out
}

// Names returns the short names of f: its String, then its aliases ("srj",
// "srx", …).
func (f Format) Names() []string {
	i, ok := formats[f]
	if !ok {
		return nil
	}
	out := []string{i.name}
	for _, a := range i.aliases {
		if !strings.Contains(a, "/") {
			out = append(out, a)
		}
	}
	return out
}
