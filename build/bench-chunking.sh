#!/usr/bin/env bash
# Chunking benchmark: dedup store growth over 20 edits and throughput vs SHA-256, as a Markdown table.
# Usage: build/bench-chunking.sh [--runs N] [--csharp-mb N] [--binary-mb N]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run --configuration Release --project "$repo_root/tests/benchmarks/FlowForge.Chunking.Benchmarks" -- "$@"
