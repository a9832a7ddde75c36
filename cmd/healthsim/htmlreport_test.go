package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserPath finds a Chromium or Chrome binary, or "" when none is installed.
func browserPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pageCheck is what the browser reports about report.html.
type pageCheck struct {
	Images   int      `json:"images"`
	Broken   []string `json:"broken"`
	Overflow []string `json:"overflow"`
	PageWide bool     `json:"pageWide"`
	Lang     string   `json:"lang"`
}

const pageCheckJS = `(() => {
  const imgs = [...document.images];
  const broken = imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt);
  const overflow = [...document.querySelectorAll('td,th,h1,h2,h3,p,figcaption')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName + ': ' + e.textContent.slice(0, 60));
  return {images: imgs.length, broken, overflow,
          pageWide: document.documentElement.scrollWidth > window.innerWidth, lang: document.documentElement.lang};
})()`

// TestReportHTMLInBrowser opens report.html in headless Chromium: every chart must load and no
// text may overflow its box at a laptop's width.
func TestReportHTMLInBrowser(t *testing.T) {
	browser := browserPath()
	if browser == "" {
		t.Skip("no Chromium found (install Debian's chromium package to run the browser test)")
	}
	out := outDir(t)
	runCLI(t, "run", "--config", example("huzhou-plan.yaml"), "--runs", "500", "--out", out).mustSucceed(t)
	page := filepath.Join(out, "report.html")
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "http://") || strings.Contains(string(html), "https://") {
		t.Error("report.html refers to the network; it must be self-contained")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1000, 800))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[pageCheck](pageCheckJS))
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	charts, _ := filepath.Glob(filepath.Join(out, "charts", "*.png"))
	if got.Images != len(charts) || len(charts) == 0 {
		t.Errorf("report.html shows %d images, want the %d charts", got.Images, len(charts))
	}
	if len(got.Broken) > 0 {
		t.Errorf("images that did not load: %v", got.Broken)
	}
	if len(got.Overflow) > 0 || got.PageWide {
		t.Errorf("text overflows its box (page wider than the window: %v): %v", got.PageWide, got.Overflow)
	}
}
