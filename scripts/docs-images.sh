#!/usr/bin/env bash
# Regenerates the charts and the report.html screenshot in docs/img that the README shows:
# a fan chart in Chinese, a risk chart in English, report.html as Chromium draws it, and the
# tornado and frontier charts of the README's sensitivity and optimize examples (in Chinese).
# Needs fonts-noto-cjk (for the Chinese chart) and chromium (for the screenshot).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/healthsim" ./cmd/healthsim
"$tmp/healthsim" run --config examples/huzhou-plan.yaml --out "$tmp/zh" --lang zh --quiet >/dev/null
"$tmp/healthsim" run --config examples/shaoxing-2025.yaml --out "$tmp/en" --lang en --quiet >/dev/null
"$tmp/healthsim" sensitivity --config examples/huzhou-sensitivity.yaml --out "$tmp/sens" --lang zh --quiet >/dev/null
"$tmp/healthsim" optimize --config examples/huzhou-optimize.yaml --out "$tmp/opt" --lang zh --quiet >/dev/null
cp "$tmp/zh/charts/fan-huzhou_cmi_tertiary.png" docs/img/fan-huzhou_cmi_tertiary.png
cp "$tmp/sens/charts/tornado-huzhou_cmi_tertiary-2025.png" docs/img/tornado-huzhou_cmi_tertiary-2025.png
cp "$tmp/opt/charts/frontier.png" docs/img/frontier-huzhou.png
cp "$tmp/en/charts/risk-shaoxing.png" docs/img/risk-shaoxing-en.png
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --hide-scrollbars --user-data-dir="$tmp/chromium" --window-size=1100,1400 \
  --screenshot="$PWD/docs/img/report-html.png" "file://$tmp/zh/report.html" 2>/dev/null
echo "wrote docs/img/fan-huzhou_cmi_tertiary.png, docs/img/risk-shaoxing-en.png, docs/img/report-html.png," \
  "docs/img/tornado-huzhou_cmi_tertiary-2025.png, docs/img/frontier-huzhou.png"
