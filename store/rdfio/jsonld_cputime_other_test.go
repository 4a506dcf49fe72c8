//go:build !unix

package rdfio

import "testing"

// reportCPUTime is a no-op where getrusage is not available.
func reportCPUTime(b *testing.B) func() { return func() {} }
