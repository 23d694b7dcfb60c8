#!/usr/bin/env bash
# TOML parser benchmark: FlowForge.Toml vs System.Text.Json on equivalent data (Release build).
# Usage: build/bench-toml.sh [sizeMB=32] [iterations=7]
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run -c Release --project "$repo_root/tests/benchmarks/FlowForge.Toml.Benchmarks" -- "$@"
