#!/usr/bin/env bash
# Where a compiling build's extra cost goes (issue 23): the first build of a fresh clone (every project compiles, empty
# caches, no remote), timed with its machine-wide busy CPU, for plain `dotnet build` and for FlowForge with its parts
# switched off one at a time, side by side in one run on the generated solution (build/generate-solution.py):
#   plain            plain `dotnet build`, no FlowForge
#   plain+errorlog   plain with -p:ErrorLog=obj/compile.sarif,version=2.1: the compiler's SARIF error log, which the
#                    compile gate asks for to keep the compile's warnings (replayed on a skip or a cache hit); with it
#                    Roslyn also runs the analyzers that report only Info diagnostics and times every analyzer
#   flowforge        FlowForge as installed (compile gate, cache with the background writer; the compile's warnings
#                    captured from what Csc logs, no /errorlog)
#   flowforge+errorlog  FlowForge with -p:FlowForgeCaptureCompilerWarnings=false: the SDK's Csc as is, and the compiler
#                    writes the SARIF error log the cache reads the warnings from (FlowForge before the capture)
#   inline-store     FlowForge with -p:FlowForgeCacheBackgroundStore=false: each compile's outputs stored inside the
#                    task that records it (no background writer)
#   no-cache         FlowForge with -p:FlowForgeCache=false
#   no-gate          FlowForge with -p:FlowForgeCache=false -p:FlowForgeCompileGate=false (no error log either)
#   off              FlowForge with -p:FlowForgeEnabled=false (its targets imported, nothing run)
# On a saturated machine (a cold build keeps both of this machine's cores busy), extra busy CPU costs about its value
# over the core count in wall time: the table says whether a part adds work or waiting.
# Order rotates per repetition; in mode "on" the compiler server is started and warmed up untimed first (bench-lib.sh).
#
# Usage: build/bench-cold-cost.sh [--projects 30] [--layers 5] [--entities 3] [--reps 3] [--seed 1] [--modes "on"] [--out artifacts/bench-cold-cost]
#                                 [--variants "plain plain+errorlog ..."]   (a subset, for more repetitions of fewer builds)
# See docs/benchmarks.md.
set -euo pipefail
{
cd "$(dirname "$0")/.."

. build/bench-lib.sh
bench_defaults artifacts/bench-cold-cost
modes=on
only=
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$taken" -gt 0 ]; then shift "$taken"; continue; fi
  case "$1" in
    --variants) only=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-cold-cost: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
bench_check_options bench-cold-cost
bench_environment
trap 'dotnet build-server shutdown >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

rm -rf "$out/feed" "$out/packages" "$out/solutions" "$out/clones" "$out/caches" "$out/binlogs" "$out/logs"
mkdir -p "$out/binlogs" "$out/logs" "$out/clones" "$out/caches"
bench_pack bench-cold-cost "$out"
export NUGET_PACKAGES=$out/packages
bench_generate_solutions

# variant: name, solution, extra properties.
variants=(
  "plain|plain|"
  "plain+errorlog|plain|-p:ErrorLog=obj/compile.sarif%2Cversion=2.1"
  "flowforge|flowforge|"
  "flowforge+errorlog|flowforge|-p:FlowForgeCaptureCompilerWarnings=false"
  "inline-store|flowforge|-p:FlowForgeCacheBackgroundStore=false"
  "no-cache|flowforge|-p:FlowForgeCache=false"
  "no-gate|flowforge|-p:FlowForgeCache=false -p:FlowForgeCompileGate=false"
  "off|flowforge|-p:FlowForgeEnabled=false"
)
if [ -n "$only" ]; then
  chosen=()
  for v in "${variants[@]}"; do [[ " $only " == *" ${v%%|*} "* ]] && chosen+=("$v"); done
  [ ${#chosen[@]} -gt 0 ] || { echo "bench-cold-cost: --variants names none of: plain plain+errorlog flowforge flowforge+errorlog inline-store no-cache no-gate off" >&2; exit 2; }
  variants=("${chosen[@]}")
fi
results=$out/results.tsv
: >"$results"

for mode in $modes; do
  bench_mode_options "$mode"
  if [ "$mode" != off ]; then
    # The compiler server's start-up and JIT warm-up are not part of any variant's cost.
    bench_warm_compiler_server "$mode-warm-up"
  fi
  for rep in $(seq 1 "$reps"); do
    count=${#variants[@]}
    for i in $(seq 0 $((count - 1))); do
      IFS='|' read -r name source props <<<"${variants[$(( (i + rep - 1) % count ))]}"
      label=$mode-$name-$rep
      bench_clone "$source" "$label"
      read -r -a switches <<<"$props"
      if ! bench_timed "$out/logs/$label.log" env -C "$clone" FLOWFORGE_CACHE="$out/caches/$label" dotnet build "$solution" --no-restore \
          -bl:"$out/binlogs/$label.binlog" ${switches[@]+"${switches[@]}"} ${extra[@]+"${extra[@]}"}; then
        tail -n 30 "$out/logs/$label.log"; echo "bench-cold-cost: the build '$label' failed" >&2; exit 1
      fi
      line=$seconds$'\t'$busy
      printf '%s\t%s\t%s\t%s\n' "$mode" "$name" "$rep" "$line" >>"$results"
      printf '  [server %s] %d/%d %-15s %s\n' "$mode" "$rep" "$reps" "$name" "$(tr '\t' ' ' <<<"$line" | awk '{ printf "%8.2f s wall, %6.1f s busy CPU", $1, $2 }')"
      rm -rf "$clone" "$out/caches/$label"
    done
  done
  if [ "$mode" != off ]; then dotnet build-server shutdown >/dev/null 2>&1 || true; fi
done

{
  echo "Cold-build cost benchmark: $projects generated projects in $layers layers ($entities records a project, seed $seed), median of $reps runs each."
  bench_machine
  echo "Each build: \`dotnet build --no-restore -bl\` in a fresh clone (restored untimed), empty caches, no remote; busy CPU = the"
  echo "machine's user+nice+system+irq+softirq time during the build. FlowForge.Build $version."
  echo
  python3 - "$results" <<'EOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| compiler server | variant | wall (median) | vs plain | busy CPU (median) | CPU vs plain |")
print("|---|---|---:|---:|---:|---:|")
for mode in dict.fromkeys(r[0] for r in rows):
    def med(name, col):
        values = [float(r[col]) for r in rows if r[0] == mode and r[1] == name]
        return statistics.median(values) if values else None
    plain_wall, plain_cpu = med("plain", 3), med("plain", 4)
    for name in dict.fromkeys(r[1] for r in rows if r[0] == mode):
        wall, cpu = med(name, 3), med(name, 4)
        print("| %s | %s | %.2f s | %s | %.1f s | %s |" % (mode, name, wall,
              "—" if name == "plain" else "%.2f×" % (wall / plain_wall),
              cpu, "—" if name == "plain" else "%+.1f s" % (cpu - plain_cpu)))
EOF
} >"$out/results.md"
echo
cat "$out/results.md"
echo "bench-cold-cost: results in $out/results.md; binlogs and logs under $out"
exit 0
}
