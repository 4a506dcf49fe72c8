package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var staticFiles embed.FS

//go:embed templates/*.html
var templateFiles embed.FS

// Static returns the static assets, to be served under Options.StaticPrefix
// (default /static/) with long cache headers:
//
//	style.css                      the site style sheet
//	widget.js                      the partner widget (no dependencies)
//	sparql.js                      the SPARQL page script (starts YASGUI)
//	vendor/yasgui/yasgui.min.js    YASGUI, vendored (see vendor/README.md)
//	vendor/yasgui/yasgui.min.css
//	vendor/yasgui/LICENSE
//	vendor/README.md
func Static() fs.FS {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		// fs.Sub fails only on an invalid path; "static" is valid.
		return staticFiles
	}
	return sub
}
