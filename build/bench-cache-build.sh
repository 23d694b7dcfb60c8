#!/usr/bin/env bash
# Build output cache benchmark (issues 4 and 5): what a fresh clone costs with plain `dotnet build` and with
# FlowForge.Build, side by side in one run, on the generated solution (build/generate-solution.py). Every measured
# build is `dotnet build --no-restore -bl` of the whole solution in a new `git clone` (restore runs before, untimed):
#   plain        plain `dotnet build` (no FlowForge): every project compiles
#   cold         FlowForge with an empty local cache and an empty remote: every project compiles, and its outputs are
#                stored locally and uploaded by the background writer while the build goes on; the build waits for
#                what is left at its end (this build fills the caches the next two read; the footer says how long)
#   local        FlowForge with the local cache the cold build filled, no remote (switching back to a branch built
#                before, or a second clone on the same machine)
#   remote       FlowForge with an empty local cache and the remote the cold build filled (a CI job or a colleague's
#                machine): bytes and requests downloaded are counted from the server's access log
# The remote is nginx with WebDAV on 127.0.0.1 (Debian package `nginx`); without nginx the remote rows are skipped.
# Each repetition uses a new remote prefix and new local cache folders, so nothing carries over between repetitions.
# Order per repetition: plain and cold alternate which goes first; local and remote follow cold. All of it for the
# compiler server off (UseSharedCompilation=false, as the environment sets it) and on (-p:UseSharedCompilation=true).
# Prints, and writes to <out>/results.md, a Markdown table of medians, ratios, CoreCompile runs and bytes downloaded.
#
# Usage: build/bench-cache-build.sh [--projects 30] [--layers 5] [--entities 3] [--reps 3] [--seed 1] [--modes "off on"] [--out artifacts/bench-cache-build]
# See docs/benchmarks.md.
set -euo pipefail
# The whole script is one block, read before it runs: editing the file during a run cannot change what it does.
{
cd "$(dirname "$0")/.."

. build/bench-lib.sh
bench_defaults artifacts/bench-cache-build
while [ $# -gt 0 ]; do
  bench_option "$@"
  if [ "$taken" -gt 0 ]; then shift "$taken"; continue; fi
  case "$1" in
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-cache-build: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
bench_check_options bench-cache-build

bench_environment
# The builds must behave as local ones whatever machine runs this (a CI variable would make the remote read-only).
unset CI GITHUB_ACTIONS TF_BUILD GITLAB_CI BUILDKITE JENKINS_URL TEAMCITY_VERSION GITHUB_EVENT_NAME FLOWFORGE_REMOTE_CACHE_URL \
  FLOWFORGE_REMOTE_CACHE_TOKEN FLOWFORGE_REMOTE_CACHE_USER FLOWFORGE_REMOTE_CACHE_PASSWORD 2>/dev/null || true

nginx_pid=
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi
  dotnet build-server shutdown >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$out/feed" "$out/packages" "$out/caches" "$out/solutions" "$out/clones" "$out/binlogs" "$out/logs" "$out/nginx"
mkdir -p "$out/binlogs" "$out/logs" "$out/caches" "$out/clones"
bench_pack bench-cache-build "$out"
export NUGET_PACKAGES=$out/packages

echo "bench-cache-build: generating the solution ($projects projects, $layers layers, $entities records a project, seed $seed), plain and with FlowForge"
bench_generate_solutions

remote_url=
access_log=
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  n=$out/nginx
  mkdir -p "$n/data"
  access_log=$n/access.log
  user_line=""; [ "$(id -u)" = 0 ] && user_line="user root;"
  # The documented WebDAV setup (docs/cache.md); the access log counts what clients download ($bytes_sent).
  cat >"$n/nginx.conf" <<EOF
$user_line
daemon off; master_process off; worker_processes 1;
pid $n/nginx.pid; error_log $n/error.log;
events { worker_connections 256; }
http {
    log_format transfer '\$request_method \$status \$bytes_sent \$request_length';
    access_log $access_log transfer;
    client_body_temp_path $n/body; proxy_temp_path $n/proxy; fastcgi_temp_path $n/fcgi;
    uwsgi_temp_path $n/uwsgi; scgi_temp_path $n/scgi;
    server {
        listen 127.0.0.1:$port; root $n/data;
        location / { dav_methods PUT DELETE; create_full_put_path on; client_max_body_size 0; dav_access user:rw group:rw all:r; }
    }
}
EOF
  "$nginx_bin" -p "$n" -c "$n/nginx.conf" -e "$n/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 100); do
    if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" 2>/dev/null; then break; fi
    sleep 0.1
  done
  remote_url=http://127.0.0.1:$port
  echo "bench-cache-build: nginx WebDAV remote at $remote_url"
else
  echo "bench-cache-build: nginx not installed (apt-get install nginx): the remote rows are skipped"
fi

results=$out/results.tsv
: >"$results"
extra=()

# measure MODE REP VARIANT CLONE [ENV=VALUE...]: one timed build, one line in the results.
measure() {
  local mode=$1 rep=$2 variant=$3 dir=$4; shift 4
  local label=$mode-$variant-$rep binlog=$out/binlogs/$mode-$variant-$rep.binlog log=$out/logs/$mode-$variant-$rep.log
  local log_offset=0 bytes="" cpu
  # seconds stays global: the cold build's footer lines (recheck_sum, writer_sum) read it after measure returns.
  [ -n "$access_log" ] && [ -f "$access_log" ] && log_offset=$(stat -c %s "$access_log")
  if ! bench_timed "$log" env -C "$dir" "$@" dotnet build "$solution" --no-restore -bl:"$binlog" ${extra[@]+"${extra[@]}"}; then
    tail -n 30 "$log"
    echo "bench-cache-build: the build '$label' failed; log $log, binlog $binlog" >&2
    exit 1
  fi
  cpu=$busy
  if [ "$variant" = remote ] && [ -n "$access_log" ]; then
    # What this build downloaded: bytes of successful GET responses, and the number of requests of any kind.
    bytes=$(tail -c +$((log_offset + 1)) "$access_log" | awk '$1 == "GET" && $2 == 200 { b += $3 } { n++ } END { printf "%d/%d", b, n }')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$variant" "$rep" "$variant" "$seconds" "$binlog" "$bytes" "$cpu" >>"$results"
  printf '  [server %s] %d/%d %-7s %8s s  busy CPU %s s%s\n' "$mode" "$rep" "$reps" "$variant" "$seconds" "$cpu" "${bytes:+  (downloaded bytes/requests: $bytes)}"
}

# recheck_sum MODE CLONE SECONDS: the store-time re-hash of a build that stored every compile (cache.recheckMs summed
# over the clone's records: every input hashed again by content before its entry is written), for the results' footer.
recheck=$out/recheck.tsv
: >"$recheck"
recheck_sum() {
  python3 -c '
import glob, json, sys
total = 0.0
for f in glob.glob(sys.argv[2] + "/src/*/obj/**/flowforge/record.json", recursive=True):
    try:
        total += (json.load(open(f)).get("cache") or {}).get("recheckMs") or 0
    except (OSError, ValueError):
        pass
print("%s\t%.1f\t%s" % (sys.argv[1], total, sys.argv[3]))' "$1" "$2" "$3" >>"$recheck"
}

# writer_sum MODE CACHE CLONE SECONDS: what the end of an "empty caches" build waited for the background writer (issue 23),
# from the local cache's writer.log (one line per MSBuild node that still had stores when the build ended; the nodes
# drain in parallel, so the longest line is the build's wait) and the writer's own time (cache.storeMs summed over the
# clone's records: node time spent storing and uploading off the critical path).
writer=$out/writer.tsv
: >"$writer"
writer_sum() {
  python3 -c '
import glob, json, sys
waits, stores, bytes_, dropped = [], 0, 0, 0
try:
    for line in open(sys.argv[2] + "/writer.log"):
        try:
            d = json.loads(line)
        except ValueError:
            continue
        waits.append(d.get("waitedMs") or 0); stores += d.get("stores") or 0
        bytes_ += d.get("bytes") or 0; dropped += d.get("dropped") or 0
except OSError:
    pass
store_ms = 0.0
for f in glob.glob(sys.argv[3] + "/src/*/obj/**/flowforge/record.json", recursive=True):
    try:
        store_ms += (json.load(open(f)).get("cache") or {}).get("storeMs") or 0
    except (OSError, ValueError):
        pass
print("%s\t%.1f\t%d\t%d\t%d\t%.1f\t%s" % (sys.argv[1], max(waits) if waits else 0.0, stores, bytes_, dropped, store_ms, sys.argv[4]))' \
    "$1" "$2" "$3" "$4" >>"$writer"
}

for mode in $modes; do
  bench_mode_options "$mode"
  if [ "$mode" = on ]; then
    # Untimed: the builds that start the compiler server pay its start-up and JIT, whichever variant goes first.
    echo "bench-cache-build: mode on: untimed builds of the plain solution to start the compiler server and warm its JIT"
    bench_warm_compiler_server "$mode-warmup"
  fi
  for rep in $(seq 1 "$reps"); do
    local_cache=$out/caches/$mode-$rep-local remote_cache=$out/caches/$mode-$rep-remote
    remote_env=()
    [ -n "$remote_url" ] && remote_env=(FLOWFORGE_REMOTE_CACHE_URL="$remote_url/$mode-$rep/")
    if [ $((rep % 2)) -eq 1 ]; then order="plain cold"; else order="cold plain"; fi
    for variant in $order; do
      if [ "$variant" = plain ]; then
        bench_clone plain "$mode-plain-$rep"
        measure "$mode" "$rep" plain "$clone"
      else
        bench_clone flowforge "$mode-cold-$rep"
        measure "$mode" "$rep" cold "$clone" FLOWFORGE_CACHE="$local_cache" ${remote_env[@]+"${remote_env[@]}"}
        recheck_sum "$mode" "$clone" "$seconds"
        writer_sum "$mode" "$local_cache" "$clone" "$seconds"
      fi
    done
    bench_clone flowforge "$mode-local-$rep"
    measure "$mode" "$rep" local "$clone" FLOWFORGE_CACHE="$local_cache"
    if [ -n "$remote_url" ]; then
      bench_clone flowforge "$mode-remote-$rep"
      measure "$mode" "$rep" remote "$clone" FLOWFORGE_CACHE="$remote_cache" "${remote_env[@]}"
    fi
    rm -rf "$out/clones"/*
  done
  if [ "$mode" = on ]; then dotnet build-server shutdown >/dev/null 2>&1 || true; fi
done

{
  echo "Build cache benchmark: a fresh clone of $projects generated projects in $layers layers ($entities records a project, seed $seed) built once, median of $reps runs each."
  bench_machine
  echo "Builds: \`dotnet build --no-restore -bl\` after an untimed restore;"
  echo "compiler server off = UseSharedCompilation=false, on = -p:UseSharedCompilation=true. FlowForge.Build $version."
  if [ -n "$remote_url" ]; then echo "Remote: nginx WebDAV on loopback."; else echo "Remote: none (nginx not installed)."; fi
  echo
  dotnet "$helper" summarize-cache "$results"
  echo
  # Node time summed over projects (several compile at once), against the build's wall time: an upper bound of its share.
  # (The ternary is in parentheses: a bare '>' in awk's printf arguments redirects the output to a file.)
  awk -F '\t' '{ ms[$1] += $2; s[$1] += $3 } END { for (m in ms) printf "Store-time re-hash (every input hashed again by content before an entry is written), compiler server %s: %.0f ms of node time over %.1f s of \"empty caches\" builds (at most %.1f%%).\n", m, ms[m], s[m], (s[m] > 0 ? ms[m] / 10 / s[m] : 0) }' "$recheck"
  # The end of the build's wait for the background writer (medians over the repetitions), and the writer's node time.
  sort -t $'\t' -k1,1 -k2,2n "$writer" | awk -F '\t' '
    { n[$1]++; w[$1, n[$1]] = $2; st[$1] += $3; b[$1] += $4; d[$1] += $5; ms[$1] += $6; s[$1] += $7 }
    END { for (m in n) { k = n[m]; med = (k % 2) ? w[m, (k + 1) / 2] : (w[m, k / 2] + w[m, k / 2 + 1]) / 2;
      printf "Waited for the background writer at the end of the \"empty caches\" builds, compiler server %s: median %.0f ms (the longest node wait per build, %d builds), %d stores (%.1f MB) still pending when the builds ended, %d dropped; the writer worked %.0f ms of node time off the critical path over %.1f s of builds.\n", m, med, k, st[m], b[m] / 1e6, d[m], ms[m], s[m] } }'
} >"$out/results.md"
echo
cat "$out/results.md"
echo "bench-cache-build: results in $out/results.md; binlogs and logs under $out"
exit 0
}
