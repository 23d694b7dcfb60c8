#!/usr/bin/env bash
# Runs every test of the repository (unit, task, end-to-end) and ends with one line
# "N passed, N failed" over all test assemblies. Exit code 0 only when nothing failed.
# Usage: ./build/test.sh [extra dotnet test arguments, e.g. --filter ...]
set -uo pipefail
cd "$(dirname "$0")/.."

# Builds inside the tests must behave like a user's machine here: no lingering build nodes.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test FlowForge.Build.sln -c Release -tl:off "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 27, Skipped: 0, Total: 27, ..."
read -r passed failed < <(grep -E '^\s*(Passed|Failed)!\s+-\s+Failed:' "$log" | awk -F'[:,]' '
  { failed += $2; passed += $4 } END { print passed + 0, failed + 0 }')
assemblies=$(grep -cE '^\s*(Passed|Failed)!\s+-\s+Failed:' "$log" || true)
dotnet build-server shutdown >/dev/null 2>&1 || true
# The end-to-end run's own compiler server shuts down with its test host; this catches one a crashed host left behind.
pkill -f -- '-pipename:fftests-' >/dev/null 2>&1 || true

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # dotnet test failed without a failing test: a build error or a crashed test host.
  echo "dotnet test exited with $status before all tests ran (build error or crashed test host); see the log above."
  failed=$((failed + 1))
fi
echo "test assemblies: $assemblies"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
