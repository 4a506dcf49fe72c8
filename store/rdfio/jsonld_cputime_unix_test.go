//go:build unix

package rdfio

import (
	"syscall"
	"testing"
	"time"
)

// reportCPUTime adds a "cpu-ns/op" metric: the process's user+system CPU
// time per iteration, which stays meaningful on a busy shared machine where
// wall-clock ns/op does not. Call the returned function after the loop.
func reportCPUTime(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
