#!/usr/bin/env bash
# Benchmarks the build output cache (FlowForge.Caching): hit lookup, size query at 100 and 100,000 entries,
# restore throughput, and remote store/fetch through nginx WebDAV when nginx is installed.
# Prints a Markdown table of medians. Extra arguments go to the benchmark (e.g. --large 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
project=tests/benchmarks/FlowForge.Caching.Benchmarks/FlowForge.Caching.Benchmarks.csproj
dotnet build "$project" -c Release -v quiet -nologo >/dev/null
dotnet run --project "$project" -c Release --no-build -- "$@"
