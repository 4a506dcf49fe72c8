// Package partner holds the doors other sites use to show ruche's data:
// oEmbed for our pages, and the embedded files (the partner widget, and
// the static assets that ruche's own pages load too).
//
//	GET /oembed?url=…&maxwidth=…&maxheight=…   oEmbed 1.0 JSON: rich (the iframe card) for a chantier,
//	                                          a link for any other resource page; 404 for another URL,
//	                                          501 for format=xml
//	GET /widget.js                            the partner widget (short cache)
//	GET /static/{file}                        web.Static() (long cache)
//
// The card itself (/embed/chantiers/{slug}) is a page api renders; CardURL
// is its address, for both.
//
// The door is a struct whose dependencies package api injects (the store,
// the document cache, labels, the format table's suffixes); its handlers
// return errors (package door) that api renders as problem documents.
package partner
