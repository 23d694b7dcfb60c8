#!/usr/bin/env bash
# Change-detection benchmark (issue 2): 10,000 unchanged inputs with a warm stat cache, and hashing
# throughput of changed files as a ratio to raw SHA-256 in the same run.
# Usage: build/bench-changes.sh [files=10000] [runs=7]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project tests/benchmarks/FlowForge.Core.Benchmarks -- "${1:-10000}" "${2:-7}"
