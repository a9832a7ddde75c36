#!/usr/bin/env bash
# Runs healthsim's speed benchmarks and prints the README's "Speed" section (Markdown) on stdout,
# with the machine's CPU model and the date. Progress goes to stderr. Every speed figure in the
# README comes from this script; paste its output over the section to update it.
#
#   scripts/bench.sh > /tmp/speed.md
#
# It takes a few minutes on 2 cores: the in-process benchmarks (model and floors in turn), three
# alternating whole runs of 1,000,000 paths with 1 and 2 workers, peak memory at 100,000,
# 1,000,000 and 10,000,000 paths, one run that draws the charts, and the optimisation and
# sensitivity benchmarks (each once, in its own process). Run it on a quiet machine: other load slows the model and the
# floor alike, but not exactly alike.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "bench: $*" >&2; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
cpu=${cpu:-$(uname -m)}
cores=$(getconf _NPROCESSORS_ONLN)
goversion=$(go env GOVERSION)
today=$(date -u +%Y-%m-%d)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say "building"
go build -o "$work/healthsim" ./cmd/healthsim
go test -c -o "$work/forecast.test" ./forecast
go test -c -o "$work/optimize.test" ./forecast/optimize
go test -c -o "$work/sensitivity.test" ./forecast/sensitivity

# 1. In-process: BenchmarkRunCatalogue runs the default scenario and, in turn with it, the two
# floors (the same number of standard normals with as many workers: one call at a time from
# math/rand/v2, and with Stream.FillNormal). BenchmarkSimulateChunkCPU times one chunk of the
# kernel against the floors by the thread's CPU time, which other programs disturb less.
say "benchmark: RunCatalogue, 3 × 3 iterations of 200,000 paths per worker count"
"$work/forecast.test" -test.run '^$' -test.bench '^BenchmarkRunCatalogue$' -test.benchtime 3x \
  -test.count 3 >"$work/bench.txt"
say "benchmark: SimulateChunkCPU, 3 × 60 chunks"
"$work/forecast.test" -test.run '^$' -test.bench '^BenchmarkSimulateChunkCPU$' -test.benchtime 60x \
  -test.count 3 >"$work/chunk.txt"
cpumetric() { # cpumetric UNIT: median over the repetitions
  awk -v u="$1" '$1 ~ /^BenchmarkSimulateChunkCPU/ { for (i = 3; i < NF; i++) if ($(i+1) == u) print $i }' \
    "$work/chunk.txt" | median
}
kfloor=$(cpumetric x-floor)
kfill=$(cpumetric x-fill)
metric() { # metric WORKERS UNIT: median over the repetitions
  awk -v w="/workers=$1(-[0-9]+)?\$" -v u="$2" '$1 ~ w { for (i = 3; i < NF; i++) if ($(i+1) == u) print $i }' \
    "$work/bench.txt" | median
}
for w in 1 2; do
  declare "pps$w=$(metric $w paths/s)" "iys$w=$(metric $w indicator-years/s)"
  declare "ns$w=$(metric $w ns/path)" "floor$w=$(metric $w floor-ns/path)" "ratio$w=$(metric $w x-floor)"
  declare "fill$w=$(metric $w fill-ns/path)" "xfill$w=$(metric $w x-fill)"
done

# 2. Whole command: 1,000,000 paths without charts, 1 and 2 workers alternating, 3 times each.
run() { # run WORKERS PATHS [charts] -> "wall-seconds maxRSS-KiB cpu-seconds"; no charts unless asked
  local args=(run --runs "$2" --workers "$1" --quiet --out "$work/out")
  [ "${3:-}" = charts ] || args+=(--no-charts)
  /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$work/healthsim" "${args[@]}" >/dev/null
  awk '{print $1, $2, $3 + $4}' "$work/time.txt"
}
say "whole command: 1,000,000 paths, 1 and 2 workers, 3 times each"
: >"$work/w1.txt"
: >"$work/w2.txt"
for _ in 1 2 3; do
  run 1 1000000 >>"$work/w1.txt"
  run 2 1000000 >>"$work/w2.txt"
done
t1=$(cut -d' ' -f1 "$work/w1.txt" | median)
t2=$(cut -d' ' -f1 "$work/w2.txt" | median)
c1=$(cut -d' ' -f3 "$work/w1.txt" | median)
c2=$(cut -d' ' -f3 "$work/w2.txt" | median)

# 3. Peak memory against the number of paths (2 workers).
say "peak memory: 100,000, 1,000,000 and 10,000,000 paths"
read -r e5 m5 _ <<<"$(run 2 100000)"
read -r e6 m6 _ <<<"$(run 2 1000000)"
read -r e7 m7 _ <<<"$(run 2 10000000)"
say "charts: 1,000,000 paths, 2 workers"
read -r ec mc _ <<<"$(run 2 1000000 charts)"

# 4. Optimisation and sensitivity: one iteration of each benchmark in its own process.
once() { # once BINARY DIR BENCH -> "wall-seconds cpu-seconds evaluations"
  (cd "$2" && /usr/bin/time -f '%U %S' -o "$work/time.txt" "$1" -test.run '^$' -test.bench "$3" \
    -test.benchtime 1x >"$work/once.txt")
  awk '$1 ~ /^Benchmark/ { for (i = 3; i < NF; i++) { if ($(i+1) == "ns/op") w = $i / 1e9; if ($(i+1) == "evaluations") e = $i } }
    END { printf "%s ", w } ' "$work/once.txt"
  awk '{printf "%s ", $1 + $2}' "$work/time.txt"
  awk '$1 ~ /^Benchmark/ { for (i = 3; i < NF; i++) if ($(i+1) == "evaluations") e = $i } END { print e + 0 }' "$work/once.txt"
}
say "optimisation: Huzhou, 15 and 5 programmes; sensitivity: Sobol on the default scenario"
read -r o15w o15c o15e <<<"$(once "$work/optimize.test" forecast/optimize '^BenchmarkHuzhou/programmes=15$')"
read -r o5w o5c o5e <<<"$(once "$work/optimize.test" forecast/optimize '^BenchmarkHuzhou/programmes=5$')"
read -r sw sc _ <<<"$(once "$work/sensitivity.test" forecast/sensitivity '^BenchmarkSobolDefault$')"

fmt() { LC_ALL=C printf '%.0f' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
f2() { LC_ALL=C printf '%.2f' "$1"; }
mib() { LC_ALL=C awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
cells=$(awk -v a="$iys1" -v b="$pps1" 'BEGIN {printf "%.0f", a / b}')

cat <<MD
## Speed

Measured with \`scripts/bench.sh\` on $today: $cpu, $cores cores, $goversion; load average
$load when it started (other programs slow the model and the floor alike, but not exactly
alike). The default scenario: every indicator with a baseline, $cells indicator-years per path to
2027. The *floor* is the same number of standard normals per path drawn one call at a time
with math/rand/v2 (\`rand.New(rand.NewPCG(…)).NormFloat64\`) in the same chunks and workers, with
nothing else done. healthsim draws exactly the same normals (the same PCG stream, value for
value) with its own \`sim.Stream.FillNormal\`, which keeps the generator's state in registers and
seldom needs \`math.Exp\` in the ziggurat's wedge test, and costs about two thirds as much; the
*FillNormal floor* is those draws alone. "÷ floor" is the
simulation's time divided by a floor's, timed in turn. The whole command's ratio divides its wall
time by the floor's time for as many paths from the benchmark, run minutes apart: on a busy
machine compare its CPU time instead.

| measure | 1 worker | 2 workers |
|---|---|---|
| paths per second (benchmark, median of 3) | $(fmt "$pps1") | $(fmt "$pps2") |
| nanoseconds per path | $(fmt "$ns1") | $(fmt "$ns2") |
| floor: nanoseconds per path | $(fmt "$floor1") | $(fmt "$floor2") |
| time ÷ floor | $(f2 "$ratio1")× | $(f2 "$ratio2")× |
| FillNormal floor: nanoseconds per path | $(fmt "$fill1") | $(fmt "$fill2") |
| time ÷ FillNormal floor | $(f2 "$xfill1")× | $(f2 "$xfill2")× |
| kernel alone by CPU time (one chunk, median of 3): ÷ floor, ÷ FillNormal floor | $(f2 "$kfloor")×, $(f2 "$kfill")× | |
| speed-up from 1 to 2 workers | | $(f2 "$(awk -v a="$pps2" -v b="$pps1" 'BEGIN {print a / b}')")× |
| 1,000,000 paths, whole command without charts (median of 3) | $(f2 "$t1") s | $(f2 "$t2") s |
| the same, CPU time (user + system) | $(f2 "$c1") s | $(f2 "$c2") s |
| CPU time of 1 worker ÷ floor of 1,000,000 paths (1 worker) | $(f2 "$(awk -v t="$c1" -v f="$floor1" 'BEGIN {print t / (f * 1e-3)}')")× | |
| whole command ÷ floor of 1,000,000 paths | $(f2 "$(awk -v t="$t1" -v f="$floor1" 'BEGIN {print t / (f * 1e-3)}')")× | $(f2 "$(awk -v t="$t2" -v f="$floor2" 'BEGIN {print t / (f * 1e-3)}')")× |
| whole command ÷ FillNormal floor of 1,000,000 paths | $(f2 "$(awk -v t="$t1" -v f="$fill1" 'BEGIN {print t / (f * 1e-3)}')")× | $(f2 "$(awk -v t="$t2" -v f="$fill2" 'BEGIN {print t / (f * 1e-3)}')")× |

Peak memory does not grow with the number of paths (maximum resident set size, 2 workers, no charts):

| paths | 100,000 | 1,000,000 | 10,000,000 |
|---|---|---|---|
| peak RSS | $(mib "$m5") | $(mib "$m6") | $(mib "$m7") |
| elapsed, whole command | $(f2 "$e5") s | $(f2 "$e6") s | $(f2 "$e7") s |

Drawing the charts as well (1,000,000 paths, 2 workers): $(f2 "$ec") s in all, peak RSS $(mib "$mc").

Where a path's time goes, and how the kernel is laid out for it: [docs/PERFORMANCE.md](docs/PERFORMANCE.md).

### Sensitivity and optimisation

The same machine, the same day, one iteration of each benchmark in its own process (\`go test
-bench … -benchtime 1x\` under \`time\`):

| benchmark | what it does | wall time | CPU time (user + system) |
|---|---|---|---|
| \`BenchmarkHuzhou/programmes=15\` (\`forecast/optimize\`) | CMA-ES over Huzhou's 15 programmes × 3 years, 20,000 paths per evaluation, yearly totals, floors and caps: $(fmt "$o15e") evaluations ($(fmt "$(awk -v e="$o15e" 'BEGIN {print e / 15}')") generations of 15) | $(f2 "$o15w") s | $(f2 "$o15c") s |
| \`BenchmarkHuzhou/programmes=5\` | the same for the first 5 programmes × 3 years: $(fmt "$o5e") evaluations ($(fmt "$(awk -v e="$o5e" 'BEGIN {print e / 12}')") generations of 12) | $(f2 "$o5w") s | $(f2 "$o5c") s |
| \`BenchmarkSobolDefault\` (\`forecast/sensitivity\`) | Sobol indices of every target of the default scenario over 8 assumptions: N = 128, 1,280 runs of 2,000 paths | $(f2 "$sw") s | $(f2 "$sc") s |

How the search's cost grows with the number of programmes p (3p cells): each CMA-ES generation is
one run of 20,000 paths that draws the paths once and scores its 4 + ⌊3 ln 3p⌋ allocations on them
(12 for 5 programmes, 15 for 15), so a generation costs the draws plus a recording per allocation,
growing like ln p; the number of generations grows at most linearly (the limit is 60 + 15p; the
search stops earlier when the best has not improved by a fraction 1e-5 in 40 generations).
Measured: 3× the programmes, $(f2 "$(awk -v a="$o15c" -v b="$o5c" 'BEGIN {print a / b}')")× the CPU time. The whole \`optimize\` command adds the final
comparison (2 allocations on 200,000 fresh paths), the marginal values (16 allocations on the same
paths) and the frontier (5 searches on a quarter of the paths with a third of the generations).
Sobol's cost is N × (d + 2) runs: linear in the number of assumptions d and in N.
MD
say "done"
