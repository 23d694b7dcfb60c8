#!/usr/bin/env bash
# Compile-gate benchmark (issue 3): plain `dotnet build` against `dotnet build` with FlowForge.Build, side by side
# in one run, on two identical generated solutions (build/generate-solution.py), one of which references the
# package. Scenarios, each timed as one `dotnet build --no-restore -bl` of the whole solution:
#   noop    nothing changed since the previous build
#   noop-nobinlog  the same without -bl, as `dotnet build` runs by default (a binlog records every task parameter and
#           item, which costs the build more with FlowForge's targets in it); its compiles are not counted
#   noop-content  (with --content-check) the no-op build with -p:FlowForgeQuickCheck=false in the FlowForge solution:
#           every input hashed by content in every build, no stat data trusted (its cost; no target applies)
#   touch   every tracked file's timestamp set to now (what a fresh clone or a restored CI cache looks like)
#   branch  `git checkout feature && git checkout main` (contents end up as before, timestamps do not); the
#           feature branch changes 3 C# files in 3 projects
#   branch-props  `git checkout build-settings && git checkout main`: that branch changes a comment in
#           Directory.Build.props, which every project imports (plain MSBuild then recompiles every project)
#   edit    one statement added to a method body in a bottom-layer project (undone afterwards)
#   floor   (plain solution only) `-t:GetTargetPath`: every project evaluated and one empty target run in each, the
#           least any build inside `dotnet build` costs; with plain's no-op build it bounds every speed-up (the table's
#           "at most" column: a compile gate cannot beat plain's no-op build, and nothing can beat the floor)
# Plain and FlowForge builds alternate (which goes first alternates too), R repetitions (the no-op pair N times in each:
# it is cheap, and its target, an overhead of a few percent, is smaller than this machine's noise), all of it twice:
# compiler server off (UseSharedCompilation=false, as the environment sets it) and on (-p:UseSharedCompilation=true);
# with --modes "off on reuse" also on with MSBuild node reuse on (-nr:true), what `dotnet build` does on a developer's machine.
# Prints, and writes to <out>/results.md, a Markdown table of medians, ratios (the no-op overhead as the median of the
# pairs' own overheads, with their middle half) and CoreCompile runs (from binlogs), then the no-op overhead with all
# modes' pairs pooled and a 95% confidence interval for its median.
#
# Usage: build/bench-gate.sh [--projects 30] [--layers 5] [--reps 3] [--seed 1] [--modes "off on"|"off on reuse"] [--out artifacts/bench]
#                            [--noop-repeat 3]   (no-op pairs per repetition)
#                            [--entities 3]      (records per project: 3 gives ~740 lines of C# a project, 32 ~5,100)
#                            [--content-check]   (adds the noop-content scenario)
#                            [--no-project-skip] (FlowForge builds with -p:FlowForgeProjectSkip=false: the compile gate alone;
#                                                 by default whole projects are skipped, docs/project-skip.md; compare
#                                                 each row with the floor row)
#                            [--project-skip]    (-p:FlowForgeProjectSkip=true passed explicitly, whatever the environment says)
# See docs/benchmarks.md.
set -euo pipefail
# The whole script is one block, read before it runs: editing the file during a run cannot change what it does.
{
cd "$(dirname "$0")/.."

. build/bench-lib.sh
bench_defaults artifacts/bench
noop_repeat=3
content_check=0
flowforge_extra=()
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$taken" -gt 0 ]; then shift "$taken"; continue; fi
  case "$1" in
    --noop-repeat)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "bench-gate: --noop-repeat needs a positive number" >&2; exit 2; }
      noop_repeat=$2; shift 2 ;;
    --content-check) content_check=1; shift ;;
    --project-skip) flowforge_extra=(-p:FlowForgeProjectSkip=true); shift ;;
    --no-project-skip) flowforge_extra=(-p:FlowForgeProjectSkip=false); shift ;;
    -h|--help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-gate: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
bench_check_options bench-gate "off on reuse"

bench_environment

# The compiler server started by the "on" runs must not outlive the benchmark, whatever ends it.
trap 'dotnet build-server shutdown >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

rm -rf "$out/feed" "$out/packages" "$out/cache" "$out/solutions" "$out/binlogs" "$out/logs"
mkdir -p "$out/binlogs" "$out/logs"
bench_pack bench-gate "$out"
export NUGET_PACKAGES=$out/packages FLOWFORGE_CACHE=$out/cache

echo "bench-gate: generating two identical solutions ($projects projects, $layers layers, $entities records a project, seed $seed)"
generated=$(python3 build/generate-solution.py --out "$out/solutions/plain" --projects "$projects" --layers "$layers" \
  --entities "$entities" --seed "$seed")
echo "$generated"
python3 build/generate-solution.py --out "$out/solutions/flowforge" --projects "$projects" --layers "$layers" \
  --entities "$entities" --seed "$seed" --flowforge-feed "$out/feed" --flowforge-version "$version"
# "(391 C# files, 22145 lines)": the size of the code, for the results' first line.
code_size=$(sed -n 's/.*(\([0-9]* C# files, [0-9]* lines\)).*/\1/p' <<<"$generated")
solution=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["solution"])' "$out/solutions/plain/solution.json")
# The body edit: where (file), at which marker comment, and what statement to insert (see solution.json).
mapfile -t body_edit < <(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["bodyEdit"]
print(e["file"]); print(e["marker"]); print(e["statement"])' "$out/solutions/plain/solution.json")
edit_file=${body_edit[0]} edit_marker=${body_edit[1]} edit_statement=${body_edit[2]}

for variant in plain flowforge; do
  echo "bench-gate: restoring $variant"
  (cd "$out/solutions/$variant" && dotnet restore "$solution" -nologo >"$out/logs/restore-$variant.log" 2>&1) \
    || { cat "$out/logs/restore-$variant.log"; exit 1; }
done

results=$out/results.tsv
: >"$results"
extra=() mode_env=()

# build VARIANT LABEL [nobinlog|floor|content]: one `dotnet build` of the variant's solution; sets $seconds. Stops the
# benchmark if it fails. With "nobinlog" the build writes no binlog (how `dotnet build` runs by default); $last_binlog is
# then "-". With "floor" it runs only GetTargetPath, a target that does nothing but return the output path, in every
# project. With "content" it passes -p:FlowForgeQuickCheck=false (meaningful in the FlowForge solution only).
build() {
  local variant=$1 label=$2 start end
  local binlog=$out/binlogs/$label-$variant.binlog log=$out/logs/$label-$variant.log
  local switches=(-bl:"$binlog")
  case "${3:-}" in
    nobinlog) binlog="-"; switches=() ;;
    floor) switches+=(-t:GetTargetPath) ;;
    content) switches+=(-p:FlowForgeQuickCheck=false) ;;
  esac
  if [ "$variant" = flowforge ]; then switches+=(${flowforge_extra[@]+"${flowforge_extra[@]}"}); fi
  bench_wait_quiet
  start=$(date +%s%N)
  if ! (cd "$out/solutions/$variant" && env ${mode_env[@]+"${mode_env[@]}"} dotnet build "$solution" --no-restore "${switches[@]}" ${extra[@]+"${extra[@]}"} >"$log" 2>&1); then
    tail -n 30 "$log"
    echo "bench-gate: the $variant build '$label' failed; log $log, binlog $binlog" >&2
    exit 1
  fi
  end=$(date +%s%N)
  seconds=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
  last_binlog=$binlog
}

prepare() {
  local variant=$1 scenario=$2 dir=$out/solutions/$1
  case "$scenario" in
    noop|noop-nobinlog|noop-content|floor) ;;
    touch) (cd "$dir" && git ls-files -z | xargs -0 touch) ;;
    branch) (cd "$dir" && git checkout -q feature && git checkout -q main) ;;
    branch-props) (cd "$dir" && git checkout -q build-settings && git checkout -q main) ;;
    edit)
      grep -qF "$edit_marker" "$dir/$edit_file" || { echo "bench-gate: no '$edit_marker' in $edit_file" >&2; exit 1; }
      sed -i "s|$edit_marker|$edit_statement $edit_marker|" "$dir/$edit_file" ;;
  esac
}

# Brings the tree back to main's contents, built, so that the next scenario starts from a settled build.
settle() {
  local variant=$1 scenario=$2 label=$3
  if [ "$scenario" = edit ]; then
    (cd "$out/solutions/$variant" && git checkout -q -- "$edit_file")
    build "$variant" "$label-settle"
  fi
}

for mode in $modes; do
  bench_mode_options "$mode"
  echo "bench-gate: mode $mode: first builds (not measured)"
  for variant in plain flowforge; do
    build "$variant" "$mode-initial"
    echo "  $variant: $seconds s"
  done
  if [ -z "${gate:-}" ]; then
    # Whether the package has the compile gate shows in its records: the gate writes a "compile" section.
    gated=$(python3 -c '
import glob, json, sys
n = 0
for f in glob.glob(sys.argv[1] + "/src/*/obj/**/flowforge/record.json", recursive=True):
    try:
        n += bool((json.load(open(f)).get("compile") or {}).get("decision"))
    except (OSError, ValueError):
        pass
print(n)' "$out/solutions/flowforge")
    if [ "$gated" -gt 0 ]; then
      gate="compile gate active: $gated of $projects project records carry a gate decision"
    else
      gate="no compile gate in the package yet: FlowForge builds run change detection only"
    fi
    echo "  $gate"
  fi
  for rep in $(seq 1 "$reps"); do
    if [ $((rep % 2)) -eq 1 ]; then order="plain flowforge"; else order="flowforge plain"; fi
    scenarios="noop noop-nobinlog floor touch branch branch-props edit"
    if [ "$content_check" = 1 ]; then scenarios="noop noop-nobinlog noop-content floor touch branch branch-props edit"; fi
    for scenario in $scenarios; do
      case "$scenario" in noop*) runs=$noop_repeat ;; *) runs=1 ;; esac
      variants=$order
      if [ "$scenario" = floor ]; then variants=plain; fi
      for run in $(seq 1 "$runs"); do
        sample=$(( (rep - 1) * runs + run ))
        for variant in $variants; do
          label=$mode-$scenario-$sample
          prepare "$variant" "$scenario"
          case "$scenario" in
            noop-nobinlog) build "$variant" "$label" nobinlog ;;
            floor) build "$variant" "$label" floor ;;
            noop-content) if [ "$variant" = flowforge ]; then build "$variant" "$label" content; else build "$variant" "$label"; fi ;;
            *) build "$variant" "$label" ;;
          esac
          printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$scenario" "$sample" "$variant" "$seconds" "$last_binlog" >>"$results"
          printf '  [server %s] %d/%d %-13s %-9s %8s s\n' "${mode/reuse/on + node reuse}" "$rep" "$reps" "$scenario" "$variant" "$seconds"
          settle "$variant" "$scenario" "$label"
        done
      done
    done
  done
  # The compiler server, and in reuse mode the MSBuild nodes, must not outlive the mode.
  if [ "$mode" != off ]; then dotnet build-server shutdown >/dev/null 2>&1 || true; fi
done

{
  echo "Compile gate benchmark: $projects generated projects in $layers layers ($code_size, $entities records a project, seed $seed), median of $reps runs each ($((reps * noop_repeat)) for the no-op build)."
  bench_machine
  echo "Builds: \`dotnet build --no-restore -bl\` of the solution (the no-binlog no-op builds without -bl, so their compiles"
  echo "are not counted: each follows the no-op builds with a binlog, which show them); the floor build runs only"
  echo "\`-t:GetTargetPath\` in the plain solution; \"at most\" = plain's build / plain's no-op build (a compile gate) and"
  echo "plain's build / the floor build (any build); every build starts on a quiet machine (under 10% CPU busy for 0.5 s);"
  echo "compiler server off = UseSharedCompilation=false, on = -p:UseSharedCompilation=true, on + node reuse = on with -nr:true"
  echo "(MSBuild nodes stay up between builds). FlowForge.Build $version ($gate)${flowforge_extra[*]+, FlowForge builds with ${flowforge_extra[*]}}; project skip: ${FlowForgeProjectSkip:-default (on)} in the environment."
  echo
  dotnet "$helper" summarize "$results"
} >"$out/results.md"
echo
cat "$out/results.md"
echo "bench-gate: results in $out/results.md; binlogs and logs under $out"
exit 0
}
