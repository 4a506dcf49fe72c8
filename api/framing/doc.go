// Package framing follows the HTTP/1.1 framing below net/http, to refuse
// request smuggling.
//
// A request carrying both Content-Length and Transfer-Encoding may be read
// one way by a proxy in front of ruche and another way by ruche: request
// smuggling. RFC 9112 §6.1 says a server may process it with
// Transfer-Encoding but must then close the connection. Go's net/http
// drops the Content-Length before any handler runs and keeps the
// connection open, so the check has to look at the bytes below it.
//
// Choice: a net.Listener whose connections follow the HTTP/1.1 framing of
// the bytes Go reads (header blocks, Content-Length bodies, chunked bodies)
// and note a header block that has both fields. http.Server.ConnContext
// hands the connection to Ambiguous, which package api's middleware asks:
// it answers 400 and closes the connection. ConnState alone cannot do it (it sees no bytes), and peeking
// only at the first header block of a connection would miss the later
// requests of a keep-alive connection. The tracker is a few states and a
// header buffer per connection; when the bytes stop making sense as
// HTTP/1.1 it stops (Go answers such a stream with 400 and closes it).
package framing
