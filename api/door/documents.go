package door

import (
	"time"

	"github.com/gin-gonic/gin"
)

// Document is a rendered document, with its validators.
type Document interface{ Body() []byte }

// Documents is api's cache of rendered documents, keyed by what they
// depend on (the data version among them), and its way of sending one.
type Documents interface {
	// New is a document of body, dated modified.
	New(body []byte, modified time.Time) Document
	// Get returns the document cached under key, rendering and caching it
	// when absent.
	Get(key string, render func() (Document, error)) (Document, error)
	// Put caches a document; Cached looks one up.
	Put(key string, body []byte, modified time.Time)
	Cached(key string) (Document, bool)
	// Send writes a document with its validators (304 when the client's
	// copy is current, headers only for HEAD).
	Send(c *gin.Context, d Document, mediaType, contentLocation, cacheControl string) error
}
