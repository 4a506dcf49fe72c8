// Package harvest holds the doors through which harvesters and mirrors
// take the data whole, crawl it or follow it: the dumps of the public
// space, the sitemap and robots.txt, the dataset description (VoID, whose
// handler and HTML page stay in api) and the event stream.
//
//	GET /dumps/latest.nq.gz    N-Quads, gzip-encoded (plain for a client whose Accept-Encoding excludes gzip)
//	GET /dumps/latest.jsonld   expanded JSON-LD, one object per named graph
//	GET /sitemap.xml           every HTML page (fr and en) with its last change; above MaxSitemapURLs an index
//	GET /sitemaps/{n}.xml      part n of the index (404 past the last)
//	GET /robots.txt            everything allowed but SPARQL query URLs; names the sitemap
//	GET /ldes                  the event stream (LDES 2.0 / TREE) and its view
//	GET /ldes/pages/{n}        page n: the members' versions; a full page links to the next and is immutable
//
// VoID builds the dataset description: VoID + DCAT 3 + schema.org, with the
// statistics of the public space, one subset per named graph with its
// licence (a graph of one's own with the licence its writer stated), the
// dumps as distributions, SPARQL and the event stream as services.
//
// The event stream's storage (the ldes/ meta keys, the recording of
// versions, the page layout) is package records'; the door reads the
// members through it, and asks api (LDES) to seed the stream and pick formats.
// Dumps stream from one snapshot (memory does not grow with the store);
// their ETag names the data version and the form, Last-Modified the
// version's date, and conditional requests get 304. WriteNQuads and
// WriteJSONLD are also what the /dumps/ page sums and sizes.
//
// One scan of the store renders every part of a sitemap for a data
// version; the parts are cached with their count in api's document cache.
//
// The door is a struct whose dependencies package api injects (the store's
// snapshot, the dates of data versions, the document cache, site paths);
// its handlers return errors that
// api renders as problem documents.
package harvest
