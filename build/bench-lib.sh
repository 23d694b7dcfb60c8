# Shared by the build-level benchmarks (bench-gate.sh, bench-cache-build.sh); sourced from the repository root, not run.

# Options both benchmarks take, with their defaults: --projects/-n, --layers/-l, --entities, --reps/-r, --seed, --modes, --out.
bench_defaults() {
  projects=30 layers=5 entities=3 reps=3 seed=1 modes="off on" out=$1
}

# bench_option ARGS...: takes one common option from the front of ARGS; sets $taken to how many words it used (0 when
# the first word is not a common option, for the script to handle).
bench_option() {
  taken=2
  case "$1" in
    --projects|-n) projects=$2 ;;
    --layers|-l) layers=$2 ;;
    --entities) entities=$2 ;;
    --reps|-r) reps=$2 ;;
    --seed) seed=$2 ;;
    --modes) modes=$2 ;;
    --out) out=$2 ;;
    *) taken=0 ;;
  esac
}

# bench_check_options NAME [ALLOWED]: validates --modes against ALLOWED (default "off on") and makes $out an existing,
# absolute folder. Modes: off = compiler server off (UseSharedCompilation=false, this environment's setting), on = on;
# reuse = compiler server on and MSBuild node reuse on (what `dotnet build` does on a developer's machine by default).
bench_check_options() {
  local mode allowed=${2:-off on}
  [[ "$entities" =~ ^[1-9][0-9]*$ ]] || { echo "$1: --entities needs a positive number, not '$entities'" >&2; exit 2; }
  for mode in $modes; do
    [[ " $allowed " == *" $mode "* ]] || { echo "$1: --modes takes ${allowed// / and\/or }, not '$mode'" >&2; exit 2; }
  done
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
}

# The environment of every measured build: this machine's settings are kept (and defaulted to this environment's
# values when unset) so the builds behave as the user's; no telemetry, no terminal logger.
bench_environment() {
  export MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE-1}
  export DOTNET_CLI_USE_MSBUILD_SERVER=${DOTNET_CLI_USE_MSBUILD_SERVER-0}
  export UseSharedCompilation=${UseSharedCompilation-false}
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off
}

# bench_pack NAME OUT [PACK ARGUMENTS...]: builds the binlog reader (sets $helper) and packs FlowForge.Build from this
# repository into OUT/feed with a version of its own (sets $version), so restore can never pick up an older extraction
# of the package; PACK ARGUMENTS go to `dotnet pack` (profile-cold-build.sh: ReadyToRun for one platform, with maps).
bench_pack() {
  local name=$1 out=$2
  shift 2
  echo "$name: building the binlog reader and packing FlowForge.Build"
  dotnet build tests/benchmarks/FlowForge.Build.Benchmarks/FlowForge.Build.Benchmarks.csproj -c Release -v quiet -nologo -tl:off >/dev/null
  helper=$PWD/tests/benchmarks/FlowForge.Build.Benchmarks/bin/Release/net10.0/FlowForge.Build.Benchmarks.dll
  version=0.0.0-bench.$(date -u +%Y%m%d%H%M%S)
  mkdir -p "$out/logs"
  dotnet pack src/FlowForge.Build.Tasks/FlowForge.Build.Tasks.csproj -c Release -o "$out/feed" -p:Version="$version" "$@" \
    -v quiet -nologo -tl:off >"$out/logs/pack.log" 2>&1 || { cat "$out/logs/pack.log"; exit 1; }
}

# bench_generate_solutions: generates the plain and the FlowForge copy of the solution (build/generate-solution.py)
# under $out/solutions/ from the common options, the second referencing the package bench_pack made; sets $solution
# (the .sln file name). Needs $out, $version and the options of bench_defaults.
bench_generate_solutions() {
  python3 build/generate-solution.py --out "$out/solutions/plain" --projects "$projects" --layers "$layers" \
    --entities "$entities" --seed "$seed" >/dev/null
  python3 build/generate-solution.py --out "$out/solutions/flowforge" --projects "$projects" --layers "$layers" \
    --entities "$entities" --seed "$seed" --flowforge-feed "$out/feed" --flowforge-version "$version" >/dev/null
  solution=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["solution"])' "$out/solutions/plain/solution.json")
}

# bench_mode_options MODE: sets $extra (arguments of every build) and $mode_env (its environment) for the mode.
bench_mode_options() {
  case "$1" in
    off) extra=() mode_env=() ;;
    on) extra=(-p:UseSharedCompilation=true) mode_env=() ;;
    reuse) extra=(-p:UseSharedCompilation=true -nr:true) mode_env=(MSBUILDDISABLENODEREUSE=0) ;;
  esac
}

# bench_machine: the header line naming the machine and the environment, for the results file.
bench_machine() {
  local cores
  cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)
  echo "Machine: $cores cores, $(uname -sm), .NET SDK $(dotnet --version). Environment: MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE:-unset},"
  echo "DOTNET_CLI_USE_MSBUILD_SERVER=${DOTNET_CLI_USE_MSBUILD_SERVER:-unset}."
}

# bench_warm_compiler_server NAME: starts the compiler server untimed and takes it through its JIT warm-up: clones the
# plain solution as NAME and builds it four times, each with --no-incremental so every project compiles; logs in
# $out/logs/NAME-N.log. Why four: profiled with `perf record -a` on the 30-project solution, the server's tier-1 JIT (its
# "Tiered Compilation" thread) took 6.7-8.3 s of CPU in each of the second to fourth builds after it started (the first
# was not profiled) and 0.2-1.6 s in the fifth, so a single warm-up build left the next three measured builds, whichever
# variant they were, paying about 3.5 s of wall time each on 2 cores. Needs $out, $solution and $extra (mode "on").
bench_warm_compiler_server() {
  local n
  bench_clone plain "$1"
  for n in 1 2 3 4; do
    (cd "$clone" && dotnet build "$solution" --no-restore --no-incremental "${extra[@]}" >"$out/logs/$1-$n.log" 2>&1) \
      || { tail -n 30 "$out/logs/$1-$n.log"; exit 1; }
  done
  rm -rf "$clone"
}

# bench_clone VARIANT NAME: a fresh `git clone` of $out/solutions/VARIANT into $out/clones/NAME, restored untimed (log
# $out/logs/restore-NAME.log); sets $clone. Needs $out and $solution. Stops the script if the restore fails.
bench_clone() {
  clone=$out/clones/$2
  rm -rf "$clone"
  git clone -q "$out/solutions/$1" "$clone"
  (cd "$clone" && dotnet restore "$solution" -nologo >"$out/logs/restore-$2.log" 2>&1) \
    || { cat "$out/logs/restore-$2.log"; exit 1; }
}

# bench_cpu_times: "BUSY TOTAL", the machine's CPU time so far in clock ticks, from the cpu line of /proc/stat (user nice
# system idle iowait irq softirq steal ...), leaving out time stolen by the host: other machines' work, not this one's.
bench_cpu_times() {
  awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8; print busy, busy + $5 + $6 }' /proc/stat
}

# bench_busy_seconds BEFORE AFTER: the busy CPU seconds between two bench_cpu_times readings (every core, every process).
bench_busy_seconds() {
  awk -v b="$1" -v a="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(b, x, " "); split(a, y, " "); printf "%.1f", (y[1] - x[1]) / hz }'
}

# bench_timed LOG COMMAND...: waits for a quiet machine, runs COMMAND with its output in LOG and times it; sets $seconds
# (wall) and $busy (the machine's busy CPU seconds meanwhile, every core and process: with the wall time it tells
# whether a slower build did more work or waited more). Returns COMMAND's exit status.
bench_timed() {
  local log=$1 cpu_before start status=0; shift
  bench_wait_quiet
  cpu_before=$(bench_cpu_times)
  start=$(date +%s%N)
  "$@" >"$log" 2>&1 || status=$?
  seconds=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
  busy=$(bench_busy_seconds "$cpu_before" "$(bench_cpu_times)")
  return "$status"
}

# bench_wait_quiet: waits until the machine has been nearly idle for half a second (under 10% of its CPU time busy),
# at most 60 s, so that no build is timed while the previous one's leftovers still run. A compiler server keeps one
# core busy for seconds after a build that compiled (measured here: ~8 s at 100% of a core after 30 compiles), which
# would otherwise bill whichever build comes next: on a 2-core machine that build got one core. Linux only
# (/proc/stat); elsewhere it returns at once.
bench_wait_quiet() {
  [ -r /proc/stat ] || return 0
  local deadline=$((SECONDS + 60)) before after
  before=$(bench_cpu_times)
  while [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.5
    after=$(bench_cpu_times)
    if awk -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " "); busy = y[1] - x[1]; total = y[2] - x[2];
        exit !(total > 0 && busy * 10 < total) }'; then return 0; fi
    before=$after
  done
  echo "  (the machine stayed busy for 60 s; timing the next build anyway)" >&2
}
