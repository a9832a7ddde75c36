package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunChartFormats: --chart-format writes every chart in each format asked for, each with the
// footer naming the scenario, the paths and the seed.
func TestRunChartFormats(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, "run", "--region", "putuo", "--runs", "300", "--seed", "9", "--lang", "en", "--chart-format", "svg,pdf", "--out", out).mustSucceed(t)
	magic := map[string][]byte{".svg": []byte("<?xml"), ".pdf": []byte("%PDF-")}
	entries, err := os.ReadDir(filepath.Join(out, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		count[ext]++
		data, err := os.ReadFile(filepath.Join(out, "charts", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if m, ok := magic[ext]; !ok || !bytes.HasPrefix(data, m) {
			t.Errorf("charts/%s: unexpected format", e.Name())
		}
		if ext == ".svg" && !bytes.Contains(data, []byte("scenario default · 300 paths · seed 9 · ")) {
			t.Errorf("charts/%s has no footer", e.Name())
		}
	}
	if count[".svg"] == 0 || count[".svg"] != count[".pdf"] || count[".png"] != 0 {
		t.Errorf("chart files by format: %v, want as many SVG as PDF and no PNG", count)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "data:image/svg") || !strings.Contains(string(html), `<html lang="en">`) {
		t.Error("report.html does not show the SVG charts in English")
	}
}

// TestRunLanguage: --lang en draws English charts and report even where a CJK font exists.
func TestRunLanguage(t *testing.T) {
	t.Parallel()
	out := outDir(t)
	runCLI(t, "run", "--region", "putuo", "--runs", "300", "--lang", "en", "--chart-format", "svg", "--out", out).mustSucceed(t)
	data, err := os.ReadFile(filepath.Join(out, "charts", "risk-putuo.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("达成")) || !bytes.Contains(data, []byte("P(hit)")) {
		t.Error("risk chart with --lang en is not in English")
	}
}

// TestConfigLanguage: lang: en in a config makes an English report; the flag overrides it.
func TestConfigLanguage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "en.yaml", "lang: en\nregions: [putuo]\nruns: 300\n")
	out := outDir(t)
	runCLI(t, "run", "--config", cfg, "--no-charts", "--quiet", "--out", out).mustSucceed(t)
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), `<html lang="en">`) {
		t.Error("lang: en in the config did not make an English report.html")
	}
}

func TestChartFlagsBadInput(t *testing.T) {
	checkBadInput(t, []badInput{
		{name: "config language", files: map[string]string{"c.yaml": "lang: fr\n"}, args: []string{"run", "--config", "{dir}/c.yaml"},
			want: []string{"{dir}/c.yaml: lang:", "allowed: zh, en"}},
		{name: "unknown language", args: []string{"run", "--lang", "fr"}, want: []string{`--lang "fr"`, "allowed: zh, en"}},
		{name: "unknown chart format", args: []string{"run", "--chart-format", "png,jpeg"}, want: []string{"--chart-format", `"jpeg"`, "allowed: png, svg, pdf"}},
		{name: "pdf in Chinese", args: []string{"run", "--lang", "zh", "--chart-format", "pdf"}, want: []string{"--lang zh"}},
	})
}
