package main

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"time"

	"github.com/healthsim/healthsim/forecast"
)

//go:embed report.html.tmpl
var reportTemplate string

var reportPage = template.Must(template.New("report").Parse(reportTemplate))

// htmlReport is what report.html shows: the run's settings, a summary per region, every table
// and every chart, in one language.
type htmlReport struct {
	Lang        string
	T           map[string]string // the page's fixed words in Lang
	Title       string
	Description string
	Settings    [][2]string
	Regions     []htmlRegion
	Charts      []htmlChart
}

type htmlRegion struct {
	Name                 string
	Goals, AtRisk        int
	NoEvidence, Skipped  int
	Rows                 [][]string
	SkippedIDs           []string
	ExpectedMet, Targets string
}

type htmlChart struct {
	Name string
	Src  template.URL // a data: URL, so the file needs no network and no other file
}

// reportWords are the page's fixed texts in each language.
var reportWords = map[string]map[string]string{
	"en": {
		"settings": "Settings", "summary": "Summary by region", "region": "Region", "goals": "Targets and milestones projected",
		"atrisk": "At risk (P(hit) < 0.5)", "noevidence": "Without evidence (basis assumed or plan path)",
		"skipped": "Not simulated (no baseline)", "tables": "Targets and milestones", "charts": "Charts",
		"indicator": "Indicator", "year": "Year", "kind": "Kind", "target": "Target", "baseline": "Baseline",
		"median": "Median", "phit": "P(hit)", "sdg": "SDG status", "basis": "Basis", "unit": "Unit",
		"explain": "P(hit) is the share of simulated paths that meet the target, ± one Monte Carlo standard error.",
	},
	"zh": {
		"settings": "运行设置", "summary": "各地区概况", "region": "地区", "goals": "已预测的目标与阶段性目标",
		"atrisk": "有风险（达成概率 < 0.5）", "noevidence": "缺少证据（依据为假设或规划路径）",
		"skipped": "未模拟（无基线）", "tables": "目标与阶段性目标", "charts": "图表",
		"indicator": "指标", "year": "年份", "kind": "类型", "target": "目标", "baseline": "基线",
		"median": "中位数", "phit": "达成概率", "sdg": "SDG 进展", "basis": "依据", "unit": "单位",
		"explain": "达成概率为模拟路径中达到目标的比例（± 一个蒙特卡罗标准误）。",
	},
}

// wordsZH are the Chinese words for the kinds of goal and the SDG categories.
var wordsZH = map[string]string{
	"target": "目标", "milestone": "阶段性目标",
	"on track": "按期推进", "acceleration needed": "需要加速", "stagnation or regression": "停滞或倒退",
}

// renderHTMLReport makes report.html from a result and the charts already in the bundle.
func renderHTMLReport(p *prepared, r *forecast.Result, paths int64, lang string, charts map[string][]byte) ([]byte, error) {
	zh := lang == "zh"
	rep := htmlReport{Lang: lang, T: reportWords[lang], Title: p.sc.Name, Description: p.sc.Description}
	rep.Settings = [][2]string{
		{pick(zh, "路径数", "Paths"), fmt.Sprint(paths)},
		{pick(zh, "随机种子", "Seed"), fmt.Sprint(p.sc.Seed)},
		{pick(zh, "预测至", "Horizon"), fmt.Sprint(p.sc.Horizon)},
		{pick(zh, "预期达成目标数", "Expected targets met"), fmt.Sprintf("%.1f / %d", r.ExpectedMet, r.Targets)},
		{pick(zh, "日期", "Date"), time.Now().UTC().Format("2006-01-02 15:04 UTC")},
		{pick(zh, "版本", "Version"), "healthsim " + version()},
	}
	rows := goalRows(r)
	for _, reg := range reportRegions(p.cat, r, p.sc) { // with regions where nothing is simulated
		rep.Regions = append(rep.Regions, regionSummary(p, rows, reg, zh))
	}
	for _, name := range slices.Sorted(maps.Keys(charts)) {
		mime := "image/png"
		if path.Ext(name) == ".svg" {
			mime = "image/svg+xml"
		}
		src := template.URL("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(charts[name]))
		rep.Charts = append(rep.Charts, htmlChart{Name: path.Base(name), Src: src})
	}
	var b bytes.Buffer
	if err := reportPage.Execute(&b, rep); err != nil {
		return nil, fmt.Errorf("report.html: %w", err)
	}
	return b.Bytes(), nil
}

func regionSummary(p *prepared, rows []goalRow, reg string, zh bool) htmlRegion {
	hr := htmlRegion{Name: reg}
	for _, gr := range rows {
		if gr.ind.Region != reg {
			continue
		}
		hr.Name = pick(zh, gr.ind.RegionZH, gr.ind.RegionEN)
		g := gr.goal
		if !g.Observed {
			hr.Goals++
			if g.PHit < 0.5 {
				hr.AtRisk++
			}
			if !forecast.Evidenced(rowBasis(gr)) {
				hr.NoEvidence++
			}
		}
		name, kind, sdg := gr.ind.NameEN, goalKind(g), sdgText(g)
		if zh {
			name, kind, sdg = gr.ind.NameZH, wordsZH[kind], wordsZH[sdgStatus(g)]
			if sdgText(g) != sdgStatus(g) {
				sdg = fmt.Sprintf("%.0f%% 的路径按期推进（完成 95%% 以上），但仅 %.0f%% 达到目标", 100*g.OnTrack, 100*g.PHit)
			}
		}
		hr.Rows = append(hr.Rows, []string{name, fmt.Sprint(g.Year), kind, string(g.Test) + " " + goalValue(g), gr.ind.Unit,
			fmt.Sprintf("%s (%d)", sig(gr.ind.Baseline), gr.ind.BaselineYear), median(g),
			fmt.Sprintf("%.3f ± %.3f", g.PHit, g.SE), sdg, rowBasis(gr)})
	}
	for _, s := range p.model.Skipped {
		if ind, ok := p.cat.Indicator(s.ID); ok && ind.Region == reg {
			hr.Skipped++
			hr.SkippedIDs = append(hr.SkippedIDs, s.ID)
		}
	}
	return hr
}

func pick(zh bool, a, b string) string {
	if zh {
		return a
	}
	return b
}
