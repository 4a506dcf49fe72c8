// Package results owns the SPARQL query result formats: streaming writers
// for SELECT and ASK results in SPARQL 1.1 Query Results JSON, XML, CSV and
// TSV (and an aligned text table for the command line), readers for the four
// W3C formats, and [Equivalent], which compares result sets modulo blank
// node renaming and row order.
//
// # Writing
//
//	w := results.NewWriter(results.JSON, httpWriter, []string{"s", "label"})
//	for row := range solutions {
//		if err := w.Write(row); err != nil { ... } // zero Term = unbound
//	}
//	err := w.Close() // writes the trailer and flushes
//
// Writers buffer their output and flush it every [FlushEvery] rows (and
// call Flush on an [http.Flusher]). If the evaluation fails before anything
// was sent (Committed is false), the caller may still answer with an error
// status. If it fails after that, call Abort: the output is then left unmistakably incomplete
// rather than silently truncated. JSON and XML documents are left unclosed,
// so no conforming parser accepts them (XML also gets a comment naming the
// error). CSV and TSV have no way to mark an incomplete document, so Abort
// writes a last record with one more field than the header, starting with
// "#ERROR" and holding the message: strict readers (this package's, Go's
// encoding/csv) reject it, and a human sees the error.
//
// # Reading
//
// [Read] parses a whole document into a [ResultSet]. CSV carries no term
// types: every value is read as a simple literal, except "_:" labels which
// become blank nodes and empty fields which are unbound; compare it with
// [ResultSet.AsCSV] of the other side.
package results
