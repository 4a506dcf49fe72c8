// Package hostile holds ruche's hostile-input suite: several hundred
// requests nobody here would write (pathological SPARQL, JSON-LD and
// Turtle write bodies, broken HTTP framing over raw TCP, forged tokens,
// odd paging and conditional headers), sent to a child `ruche serve`
// process with a temporary data folder and a memory cap. For each it
// checks: no 5xx except a 503 naming its limit, a problem document for
// every error, the process still alive (/healthz), and the data version
// unchanged where the request was refused. It prints the time taken to
// refuse each oversized input and the child's peak RSS.
//
// The package has no code of its own; run it with
//
//	go test -v -run Hostile ./api/hostile
package hostile
