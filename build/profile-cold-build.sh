#!/usr/bin/env bash
# Which CPU a compiling build spends in FlowForge's code (issue 23): the first build of a fresh clone of the generated
# solution (build/generate-solution.py; every project compiles, empty caches, no remote), plain and with FlowForge,
# each under `perf record -a -g`, and every sample attributed by build/perf-attribute.py to the MSBuild nodes, the
# compiler server or other processes, and to FlowForge's code when FlowForge code is on its call stack (what FlowForge
# calls, such as hashing, JSON and file system calls, counts as FlowForge's). bench-cold-cost.sh tells what FlowForge
# adds by comparing builds, whose noise on a shared machine is larger than the difference; this tells it from within
# one build, to the method.
# FlowForge is packed with ReadyToRun images for this machine's platform only, compiled with symbol maps
# (-p:FlowForgeReadyToRunPerfMap=true), which is how the package runs its tasks; the profiled builds run with
# DOTNET_PerfMapEnabled=1 (JIT-compiled code named for perf) and DOTNET_EnableWriteXorExecute=0 (so perf finds that
# code), plain's as well as FlowForge's. Pairs alternate which goes first; in mode "on" the compiler server is started
# and warmed up untimed first (bench-lib.sh). Needs perf (Debian package linux-perf) and the right to profile every
# process (root, or kernel.perf_event_paranoid at -1).
#
# Usage: build/profile-cold-build.sh [--projects 30] [--layers 5] [--entities 3] [--reps 1] [--seed 1] [--modes "on"]
#                                    [--frequency 999] [--out artifacts/profile-cold-build]
# See docs/benchmarks.md.
set -euo pipefail
{
cd "$(dirname "$0")/.."

. build/bench-lib.sh
bench_defaults artifacts/profile-cold-build
modes=on reps=1 frequency=999
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$taken" -gt 0 ]; then shift "$taken"; continue; fi
  case "$1" in
    --frequency) frequency=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "profile-cold-build: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
bench_check_options profile-cold-build
command -v perf >/dev/null 2>&1 || { echo "profile-cold-build: needs perf (Debian: apt-get install linux-perf)" >&2; exit 2; }
bench_environment
marker=$(mktemp)
cleanup() {
  dotnet build-server shutdown >/dev/null 2>&1 || true
  # The perf maps the profiled builds' processes wrote (one per process, in /tmp), once read.
  find /tmp -maxdepth 1 -name 'perf-*.map' -newer "$marker" -delete 2>/dev/null || true
  rm -f "$marker"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
rm -rf "$out/feed" "$out/packages" "$out/solutions" "$out/clones" "$out/caches" "$out/logs" "$out/perf" "$out/symbols"
mkdir -p "$out/logs" "$out/clones" "$out/caches" "$out/perf" "$out/symbols"
# ReadyToRun images for this platform only, with their symbol maps. crossgen2 names each map after a new GUID, so the
# maps of earlier packs would pile up beside the images and name their frames with stale offsets: the folder goes first.
rm -rf src/FlowForge.Build.Tasks/obj/Release/*/readytorun-perfmap
bench_pack profile-cold-build "$out" -p:FlowForgeReadyToRunRids="$rid" -p:FlowForgeReadyToRunPerfMap=true
images=$(ls -d src/FlowForge.Build.Tasks/obj/Release/*/readytorun-perfmap/net*-"$rid" 2>/dev/null | head -n 1)
[ -n "$images" ] && ls "$images"/*.map >/dev/null 2>&1 \
  || { echo "profile-cold-build: no ReadyToRun images with maps for $rid (is there a crossgen2 package for this platform?)" >&2; exit 1; }
cp "$images"/*.dll "$images"/*.map "$out/symbols/"
export NUGET_PACKAGES=$out/packages

bench_generate_solutions
results=$out/results.tsv
: >"$results"

for mode in $modes; do
  bench_mode_options "$mode"
  servers=()
  if [ "$mode" != off ]; then
    bench_warm_compiler_server "$mode-warm-up"
    read -r -a servers <<<"$(pgrep -f 'VBCSCompiler' | tr '\n' ' ')"
  fi
  for rep in $(seq 1 "$reps"); do
    order=(plain flowforge)
    [ $((rep % 2)) -eq 0 ] && order=(flowforge plain)
    for variant in "${order[@]}"; do
      label=$mode-$variant-$rep
      bench_clone "$variant" "$label"
      if ! bench_timed "$out/logs/$label.log" perf record -F "$frequency" -a -g -o "$out/perf/$label.data" -- \
          env -C "$clone" FLOWFORGE_CACHE="$out/caches/$label" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
          dotnet build "$solution" --no-restore ${extra[@]+"${extra[@]}"}; then
        tail -n 30 "$out/logs/$label.log"; echo "profile-cold-build: the build '$label' failed" >&2; exit 1
      fi
      # Read while the processes' perf maps are still there.
      perf script -i "$out/perf/$label.data" -F comm,pid,tid,ip,sym,dso >"$out/perf/$label.txt" 2>/dev/null
      python3 build/perf-attribute.py "$out/perf/$label.txt" "$out/symbols" --server-pid ${servers[@]+"${servers[@]}"} >"$out/perf/$label.json"
      rm -f "$out/perf/$label.data" "$out/perf/$label.txt"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$variant" "$rep" "$seconds" "$busy" "$out/perf/$label.json" >>"$results"
      printf '  [server %s] %d/%d %-9s %8.2f s wall, %6.1f s busy CPU\n' "$mode" "$rep" "$reps" "$variant" "$seconds" "$busy"
      rm -rf "$clone" "$out/caches/$label"
    done
  done
  if [ "$mode" != off ]; then dotnet build-server shutdown >/dev/null 2>&1 || true; fi
done

{
  echo "Cold-build profile: $projects generated projects in $layers layers ($entities records a project, seed $seed), $reps pair(s) per mode."
  bench_machine
  echo "Each build: \`dotnet build --no-restore\` in a fresh clone (restored untimed), empty caches, no remote, under"
  echo "\`perf record -F $frequency -a -g\`; CPU seconds = samples / $frequency. FlowForge.Build $version (ReadyToRun, $rid)."
  echo
  python3 - "$results" "$frequency" <<'EOF'
import collections, json, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
hz = float(sys.argv[2])
s = lambda n: n / hz
print("| compiler server | build | wall | busy CPU | MSBuild nodes | compiler server | other | FlowForge's code | share of the build's CPU |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for mode, variant, rep, wall, busy, path in rows:
    d = json.load(open(path)); p = d["by_process"]
    print("| %s | %s %s | %.2f s | %.1f s | %.1f s | %.1f s | %.1f s | %.2f s | %.1f%% |" % (mode, variant, rep, float(wall), float(busy),
          s(p.get("MSBuild nodes", 0)), s(p.get("compiler server", 0)), s(p.get("other", 0)),
          s(d["flowforge_samples"]), 100.0 * d["flowforge_samples"] / max(1, d["busy_samples"])))
for mode in dict.fromkeys(r[0] for r in rows):
    runs = [json.load(open(r[5])) for r in rows if r[0] == mode and r[1] == "flowforge"]
    if not runs: continue
    unresolved = sum(d["precompiled_frames"]["unresolved"] for d in runs)
    resolved = sum(d["precompiled_frames"]["resolved"] for d in runs)
    print()
    print("FlowForge's CPU by task or background job, compiler server %s (median over %d build(s); precompiled frames named: %d of %d):"
          % (mode, len(runs), resolved, resolved + unresolved))
    print()
    print("| entry | CPU | share of FlowForge's |")
    print("|---|---:|---:|")
    total = statistics.median(d["flowforge_samples"] for d in runs)
    entries = collections.Counter()
    for d in runs: entries.update(d["by_entry"])
    for name, _ in entries.most_common(12):
        median = statistics.median(d["by_entry"].get(name, 0) for d in runs)
        print("| %s | %.2f s | %.0f%% |" % (name, s(median), 100.0 * median / max(1, total)))
    print()
    print("FlowForge's methods with the most CPU, what they call included (median):")
    print()
    print("| method | CPU |")
    print("|---|---:|")
    methods = collections.Counter()
    for d in runs: methods.update(d["inclusive"])
    for name, _ in methods.most_common(20):
        print("| `%s` | %.2f s |" % (name, s(statistics.median(d["inclusive"].get(name, 0) for d in runs))))
EOF
} >"$out/results.md"
echo
cat "$out/results.md"
echo "profile-cold-build: results in $out/results.md; per-build attributions in $out/perf/*.json"
exit 0
}
