package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's Chromium (or RUCHE_CHROMIUM), or skips the
// test (fails it in CI).
func chromiumPath(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("RUCHE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missingTool(t, "Chromium is not on PATH (apt-get install chromium)")
	return ""
}

// startBrowser starts headless Chromium with a fresh profile, for a reader
// in Québec (French first); it is closed at the end of the test.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	return startBrowserIn(t, "fr-CA,fr,en", "fr-CA")
}

// startBrowserIn starts headless Chromium with a fresh profile whose
// Accept-Language is acceptLang and whose interface language is lang.
func startBrowserIn(t *testing.T, acceptLang, lang string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("accept-lang", acceptLang),
		chromedp.Flag("lang", lang),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Start the browser now, so that a broken install fails here.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// tab is one browser tab with what the pages in it reported: uncaught
// exceptions, console errors, failed requests and HTTP errors. The site has
// no favicon yet, so the browser's own request for /favicon.ico (a 404) is
// not counted.
type tab struct {
	ctx    context.Context
	mu     sync.Mutex
	urls   map[network.RequestID]string
	issues []string
}

// openTab opens a new tab in the browser of parent and records its
// problems; its actions time out after two minutes (CI runs it beside
// the other packages' tests on two cores).
func openTab(t *testing.T, parent context.Context) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	tb := &tab{ctx: ctx, urls: map[network.RequestID]string{}}
	err := chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			tb.urls[ev.RequestID] = ev.Request.URL
		case *network.EventResponseReceived:
			if ev.Response != nil && ev.Response.Status >= 400 && !strings.HasSuffix(ev.Response.URL, "/favicon.ico") {
				tb.issues = append(tb.issues, fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL))
			}
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				tb.issues = append(tb.issues, fmt.Sprintf("request failed (%s %s %s) for %s", ev.ErrorText, ev.BlockedReason, corsReason(ev), tb.urls[ev.RequestID]))
			}
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException) && !strings.HasSuffix(m.URL, "/favicon.ico") {
				tb.mu.Lock()
				tb.issues = append(tb.issues, fmt.Sprintf("console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line))
				tb.mu.Unlock()
			}
		}
	}()
	return tb
}

func corsReason(ev *network.EventLoadingFailed) string {
	if ev.CorsErrorStatus == nil {
		return ""
	}
	return "CORS " + string(ev.CorsErrorStatus.CorsError)
}

// checkClean fails the test for every problem the tab recorded.
func (tb *tab) checkClean(t *testing.T) {
	t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, s := range tb.issues {
		t.Errorf("browser: %s", s)
	}
	tb.issues = nil
}

// do runs actions in the tab.
func (tb *tab) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to url and checks the main document's status.
func (tb *tab) open(t *testing.T, url string) {
	t.Helper()
	res, err := chromedp.RunResponse(tb.ctx, chromedp.Navigate(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	if res == nil || res.Status != http.StatusOK {
		t.Fatalf("open %s: response %+v", url, res)
	}
	if !strings.HasPrefix(res.MimeType, "text/html") {
		t.Errorf("open %s: %s, want text/html", url, res.MimeType)
	}
}

// screenshot saves a full-page PNG of the tab in dir (and in
// RUCHE_E2E_SCREENSHOTS when set, to look at it).
func (tb *tab) screenshot(t *testing.T, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Fatalf("screenshot %s: %d bytes, not a PNG", name, len(png))
	}
	dirs := []string{dir}
	if keep := os.Getenv("RUCHE_E2E_SCREENSHOTS"); keep != "" {
		dirs = append(dirs, keep)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatalf("save screenshot: %v", err)
		}
	}
	t.Logf("screenshot %s: %d bytes", name, len(png))
}

// evalJSON evaluates a JavaScript expression that returns a JSON string and
// decodes it into v.
func (tb *tab) evalJSON(t *testing.T, expr string, v any) {
	t.Helper()
	s, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("evaluate %s: %v\n%s", expr, err, s)
	}
}

// textContentEval evaluates a JavaScript expression giving a string.
func (tb *tab) textContentEval(t *testing.T, expr string) string {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}
