#!/usr/bin/env bash
# Template validation benchmark: 100 templates validated cold (fresh process) and warm (in-process); Markdown table.
# Targets: under 200 ms cold (in-process, from the first call), under 20 ms warm.
# Usage: build/bench-templates.sh [templates=100] [coldRuns=5] [warmIterations=30]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo_root/tests/benchmarks/FlowForge.Templates.Benchmarks"
dotnet build -c Release "$project" -nologo -v:q >/dev/null
exec dotnet run -c Release --no-build --project "$project" -- "$@"
