package rdfio

import (
	"errors"
	"fmt"

	"github.com/piprate/json-gold/ld"
)

// ErrRemoteContext is matched (with errors.Is) by the error a JSON-LD
// decoder returns when a document names a context that is not one of the
// contexts it was given: ruche never fetches anything from the network.
var ErrRemoteContext = errors.New("remote JSON-LD context refused")

// RemoteContextError reports a JSON-LD document that names a context (or
// @import) the decoder does not know. It matches [ErrRemoteContext].
type RemoteContextError struct {
	IRI string
	Err error // what the ContextLoader said, if anything
}

func (e *RemoteContextError) Error() string {
	return fmt.Sprintf("remote context <%s> is not one of ruche's embedded contexts", e.IRI)
}

// Is makes errors.Is(err, ErrRemoteContext) true.
func (e *RemoteContextError) Is(target error) bool { return target == ErrRemoteContext }

// Unwrap returns the ContextLoader's error, if any.
func (e *RemoteContextError) Unwrap() error { return e.Err }

// StaticContexts is a [ContextLoader] answering from a fixed map of context
// IRIs to parsed context documents (the whole document, with its
// "@context" entry, as encoding/json decodes it). Ruche's vocabulary
// package registers its embedded contexts in one.
//
// The map must not be modified once it is in use; the documents are never
// modified by ruche.
type StaticContexts map[string]any

// LoadContext returns the document registered for iri, or a
// *RemoteContextError.
func (s StaticContexts) LoadContext(iri string) (any, error) {
	if doc, ok := s[iri]; ok {
		return doc, nil
	}
	return nil, &RemoteContextError{IRI: iri}
}

// offlineLoader is the json-gold DocumentLoader of every ruche call: it
// answers only from a ContextLoader and never touches the network.
type offlineLoader struct {
	contexts ContextLoader
}

func (l offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if l.contexts == nil {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, &RemoteContextError{IRI: u})
	}
	doc, err := l.contexts.LoadContext(u)
	if err != nil {
		var rce *RemoteContextError
		if !errors.As(err, &rce) {
			rce = &RemoteContextError{IRI: u, Err: err}
		}
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, rce)
	}
	if err := checkContextCycle(l.contexts, u, doc); err != nil {
		return nil, err
	}
	// json-gold may modify what it is given; the registered document is
	// shared, so hand it a copy.
	return &ld.RemoteDocument{DocumentURL: u, Document: deepCopyJSON(doc)}, nil
}

// deepCopyJSON copies a value made of JSON maps, slices and scalars.
func deepCopyJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopyJSON(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopyJSON(e)
		}
		return s
	default:
		return v
	}
}

// callJSONGold runs f, turning a json-gold panic into an error.
func callJSONGold(what string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("json-ld %s: internal error in json-gold: %v", what, r)
		}
	}()
	return f()
}
