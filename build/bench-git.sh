#!/usr/bin/env bash
# Benchmark: git cost of a build at 10/50/100 projects, FlowForge (one read per build, and the cached path)
# versus per-project git calls (GitInfo-style), side by side, interleaved, medians. Prints a Markdown table.
# Usage: build/bench-git.sh [rounds]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/benchmarks/FlowForge.Git.Benchmarks -- "$@"
