package main

import (
	"fmt"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar over bytes read, showing quads and rate, drawn
// only when stderr is a terminal. A nil *progress does nothing.
type progress struct {
	bar *progressbar.ProgressBar
	msg string
}

func newProgress(e env, enabled bool, size int64, msg string) *progress {
	f, ok := e.stderr.(*os.File)
	if !enabled || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(msg),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
	)
	return &progress{bar: bar, msg: msg}
}

func (p *progress) addBytes(n int) {
	if p != nil {
		_ = p.bar.Add(n)
	}
}

func (p *progress) setQuads(n int64) {
	if p != nil {
		p.bar.Describe(fmt.Sprintf("%s: %d quads", p.msg, n))
	}
}

func (p *progress) Finish() {
	if p != nil {
		_ = p.bar.Finish()
	}
}
