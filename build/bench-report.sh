#!/usr/bin/env bash
# Report benchmark (issues 10, 21): `dotnet flowforge report`'s analysis vs MSBuild.StructuredLogger alone on the same binlog.
# Generates a solution of N tiny projects (a layered graph: each references the previous one and one further back),
# builds it once with -bl, then times, each in a fresh process, median of R runs:
#   stream : StructuredLogger streaming every record (BinaryLog.ReadRecords) — the floor for any streaming reader
#   tree   : StructuredLogger building its full tree (BinaryLog.ReadBuild) — what a viewer does
#   report : FlowForge's report (streaming analysis + records + JSON rendering)
# and prints report/stream and report/tree ratios (target: report/stream <= 1.5) and each mode's peak working set.
# Usage: build/bench-report.sh [projects=100] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
projects=${1:-100}
runs=${2:-5}
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d "${TMPDIR:-/tmp}/ff-bench-report.XXXXXX")
# FF_BENCH_KEEP=1 keeps the generated solution and binlog (for profiling) and prints where they are.
if [ "${FF_BENCH_KEEP:-}" = 1 ]; then echo "work folder: $work"; else trap 'rm -rf "$work"' EXIT; fi

# 1. The generated solution (sealed from any Directory.Build.* above the temp folder).
#    FF_BENCH_BINLOG=<file> measures an existing binlog instead (e.g. one kept with FF_BENCH_KEEP=1).
if [ -n "${FF_BENCH_BINLOG:-}" ]; then cp "$FF_BENCH_BINLOG" "$work/big.binlog"; else
sln="$work/sln"
mkdir -p "$sln"
echo '<Project />' > "$sln/Directory.Build.props"
echo '<Project />' > "$sln/Directory.Build.targets"
for i in $(seq 1 "$projects"); do
  name=$(printf 'P%03d' "$i")
  mkdir -p "$sln/$name"
  refs=""
  if [ "$i" -gt 1 ]; then refs="$refs<ProjectReference Include=\"../$(printf 'P%03d' $((i - 1)))/$(printf 'P%03d' $((i - 1))).csproj\" />"; fi
  if [ "$i" -gt 4 ]; then refs="$refs<ProjectReference Include=\"../$(printf 'P%03d' $((i / 2)))/$(printf 'P%03d' $((i / 2))).csproj\" />"; fi
  cat > "$sln/$name/$name.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
  <ItemGroup>$refs</ItemGroup>
</Project>
PROJ
  echo "namespace $name; public static class C$i { public static int Value => $i; }" > "$sln/$name/C.cs"
done
(cd "$sln" && dotnet new sln -n Big --format sln >/dev/null && dotnet sln Big.sln add $(ls -d P*/ | sed 's|/$||; s|.*|&/&.csproj|') >/dev/null)
echo "building $projects projects once (dotnet build -bl -m:2)..."
start=$(date +%s.%N)
(cd "$sln" && dotnet build Big.sln -nologo -tl:off -v:q -m:2 -bl:"$work/big.binlog" >/dev/null)
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v b="$(wc -c < "$work/big.binlog")" 'BEGIN { printf "build: %.1f s, binlog %d bytes\n", e - s, b }'
fi

# 2. The measuring program (outside the repository; references FlowForge.Reporting, which brings StructuredLogger).
mkdir -p "$work/bench"
cat > "$work/bench/Bench.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
    <ServerGarbageCollection>false</ServerGarbageCollection></PropertyGroup>
  <ItemGroup><ProjectReference Include="$repo/src/FlowForge.Reporting/FlowForge.Reporting.csproj" /></ItemGroup>
</Project>
PROJ
cat > "$work/bench/Program.cs" <<'CS'
using System.Diagnostics;
using Microsoft.Build.Logging.StructuredLogger;
var (mode, binlog) = (args[0], args[1]);
var watch = Stopwatch.StartNew();
long count = 0;
switch (mode)
{
    case "stream": foreach (var r in new BinLogReader().ReadRecords(binlog)) if (r.Args is not null) count++; break;
    case "tree": count = BinaryLog.ReadBuild(binlog).Children.Count; break;
    case "report": count = FlowForge.Reporting.Rendering.ReportJson.Write(FlowForge.Reporting.BinlogReport.Read(binlog)).Length; break;
}
watch.Stop();
Console.WriteLine($"{watch.Elapsed.TotalMilliseconds:0} {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} {count}");
CS
dotnet build "$work/bench/Bench.csproj" -c Release -nologo -v:q -o "$work/bench/out" >/dev/null

# 3. Median of $runs fresh processes per mode (interleaved so machine noise hits every mode alike).
declare -A times mems
for r in $(seq 1 "$runs"); do
  for mode in stream tree report; do
    read -r ms mb _ < <(dotnet "$work/bench/out/Bench.dll" "$mode" "$work/big.binlog")
    times[$mode]+="$ms "; mems[$mode]+="$mb "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for mode in stream tree report; do
  t=$(echo "${times[$mode]}" | median); m=$(echo "${mems[$mode]}" | median)
  eval "t_$mode=$t"; eval "m_$mode=$m"
  printf '%-7s %6s ms   peak working set %5s MiB\n' "$mode" "$t" "$m"
done
# Issue 21's targets: the report (critical path, queueing, node use, accounting included) within half of ReadBuild's
# time and 200 MiB on a 100-project binlog.
awk -v r="$t_report" -v s="$t_stream" -v t="$t_tree" -v m="$m_report" 'BEGIN { printf "ratio report/stream: %.2f (target <= 1.5)\nratio report/tree:   %.2f (target <= 0.5)\nreport peak:         %d MiB (target <= 200)\n", r / s, r / t, m }'
