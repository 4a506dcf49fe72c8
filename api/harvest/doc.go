// Package harvest holds the doors through which harvesters and mirrors
// take the data whole: the dumps of the public space.
//
//	GET /dumps/latest.nq.gz    N-Quads, gzip-encoded (plain for a client whose Accept-Encoding excludes gzip)
//	GET /dumps/latest.jsonld   expanded JSON-LD, one object per named graph
//
// Dumps stream from one snapshot (memory does not grow with the store);
// their ETag names the data version and the form, Last-Modified the
// version's date, and conditional requests get 304. WriteNQuads and
// WriteJSONLD are also what the /dumps/ page sums and sizes.
//
// The door is a struct whose dependencies package api injects (the store's
// snapshot, the dates of data versions); its handlers return errors that
// api renders as problem documents.
package harvest
