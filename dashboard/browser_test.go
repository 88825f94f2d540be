package dashboard_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// missingBrowser says how to get a browser. Without one the browser tests do not
// run on a developer's machine, which says so (go test -v shows it), and fail in
// CI (.ci/run sets requireBrowser), so a page that breaks in a browser never
// lands unseen.
const missingBrowser = "the dashboard's browser tests need Chromium, and none was found (chromium, chromium-browser, " +
	"google-chrome or google-chrome-stable on PATH): install it with `apt-get install -y chromium` (Debian, Ubuntu; .ci/run does this) " +
	"or `brew install --cask chromium` (macOS), or set LANES_CHROMIUM to the browser's path"

// requireBrowser, set to 1, fails the browser tests when no browser is found.
const requireBrowser = "LANES_REQUIRE_BROWSER"

// pageWait bounds one page's load and reading, so a browser that hangs fails the
// test with a message instead of holding it until go test's timeout.
const pageWait = time.Minute

// browserPath finds Chromium: LANES_CHROMIUM, then the names Debian, Ubuntu and
// Google give it on PATH.
func browserPath() (string, error) {
	if path := os.Getenv("LANES_CHROMIUM"); path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", errors.New("LANES_CHROMIUM: " + err.Error() + "; set it to the browser's path or unset it")
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New(missingBrowser)
}

// startBrowser starts a headless Chromium for the test, or skips the test
// saying how to install one (fails it under LANES_REQUIRE_BROWSER=1).
func startBrowser(tb testing.TB) context.Context {
	tb.Helper()
	path, err := browserPath()
	switch {
	case err != nil && os.Getenv(requireBrowser) == "1":
		tb.Fatal(err)
	case err != nil:
		tb.Skipf("browser tests not run: %v; %s=1 makes this a failure, as in .ci/run", err, requireBrowser)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1280, 900),
		// Containers give /dev/shm a few megabytes; Chromium then crashes pages.
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root inside its sandbox; CI containers run as root.
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first action starts the browser, on a context without a timeout, which would stop it.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// artifactsDir is where the tests keep what a person may want to look at after
// a run: $LANES_ARTIFACTS/dashboard, by default .lanes/artifacts/dashboard under
// the repository (git-ignored).
func artifactsDir(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("LANES_ARTIFACTS")
	if base == "" {
		base = filepath.Join("..", ".lanes", "artifacts")
	}
	dir := filepath.Join(base, "dashboard")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatalf("LANES_ARTIFACTS: %v", err)
	}
	return dir
}

// loaded is a page open in the test's browser.
type loaded struct {
	tb  testing.TB
	ctx context.Context
}

// visit loads url in the browser, waits until the page is drawn, and saves a
// full-page screenshot as name.png among the artifacts.
func visit(tb testing.TB, browser context.Context, url, name string) loaded {
	tb.Helper()
	ctx, cancel := context.WithTimeout(browser, pageWait)
	tb.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		tb.Fatalf("load %s: %v", url, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.Fatalf("screenshot of %s: %v", url, err)
	}
	path := filepath.Join(artifactsDir(tb), name+".png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		tb.Fatalf("save the screenshot: %v", err)
	}
	tb.Logf("screenshot of %s: %s", url, path)
	return loaded{tb: tb, ctx: ctx}
}

// read runs a JavaScript expression in the page and decodes its value.
func read[T any](p loaded, expression string) T {
	p.tb.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		p.tb.Fatalf("read %s: %v", expression, err)
	}
	return v
}

// The expressions below run in the page: each reads what a person sees.

// chartTexts reads a chart's printed values: group key → series → text.
func chartTexts(p loaded, id string) map[string]map[string]string {
	return read[map[string]map[string]string](p, fmt.Sprintf(`(() => { const m = {};
		for (const t of document.querySelectorAll('#%s text.value')) (m[t.dataset.group] ??= {})[t.dataset.series] = t.textContent;
		return m; })()`, id))
}

// chartBars reads a chart's bars: group key → series → the number it draws.
func chartBars(p loaded, id string) map[string]map[string]string {
	return read[map[string]map[string]string](p, fmt.Sprintf(`(() => { const m = {};
		for (const r of document.querySelectorAll('#%s rect.bar')) (m[r.dataset.group] ??= {})[r.dataset.series] = r.dataset.value;
		return m; })()`, id))
}

// tableRows reads a table's body, cell by cell.
func tableRows(p loaded, selector string) [][]string {
	return read[[][]string](p, fmt.Sprintf(`[...document.querySelectorAll('%s tbody tr')].map(r => [...r.cells].map(c => c.textContent.trim()))`, selector))
}

// tileFigures reads the headline numbers: key → figure.
func tileFigures(p loaded) map[string]string {
	return read[map[string]string](p, `Object.fromEntries([...document.querySelectorAll('[data-tile]')].map(t => [t.dataset.tile, t.querySelector('.figure').textContent]))`)
}

// texts reads the text of every element selector finds.
func texts(p loaded, selector string) []string {
	return read[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('%s')].map(e => e.textContent.trim())`, selector))
}

// attrs reads one attribute of every element selector finds.
func attrs(p loaded, selector, attr string) []string {
	return read[[]string](p, fmt.Sprintf(`[...document.querySelectorAll('%s')].map(e => e.getAttribute('%s'))`, selector, attr))
}

// forecastCells reads a team's forecast table: "skill allocation" → each week as
// "week: baseline + recurring + open = demand of line (capacity) fits".
func forecastCells(p loaded, team string) map[string][]string {
	return read[map[string][]string](p, fmt.Sprintf(`(() => { const m = {};
		for (const r of document.querySelectorAll('#forecast-%s tbody tr')) m[r.dataset.skill + ' ' + r.dataset.allocation] =
			[...r.querySelectorAll('td.week')].map(c => c.dataset.week + ': ' + c.dataset.baseline + ' + ' + c.dataset.recurring + ' + ' +
				c.dataset.open + ' = ' + c.dataset.demand + ' of ' + c.dataset.line + ' (' + c.dataset.capacity + ') ' + c.dataset.fits);
		return m; })()`, team))
}
