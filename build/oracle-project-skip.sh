#!/usr/bin/env bash
# Project-skip oracle on a generated solution (issue 22): the end-to-end test ProjectSkipTests runs its corpus of edits
# on the small Layered sample; this script runs one on a solution of build/generate-solution.py (layers of projects
# with real references between them), with FlowForge as shipped (project skip on by default), and after every step
# compares every file under each project's bin/ and every assembly under its obj/ with a clean build of the same tree
# (copied to a fresh folder under the system temp folder, outside any repository, without bin/, obj/ and .git, built
# with an empty cache and the same arguments). Any difference fails the run.
# The checkout root is mapped to /_/ when the cache is on (FlowForge's default), so the two folders compile to the
# same bytes.
#
# Steps: first build; no-op; touch of every tracked file; a method body edited in a bottom-layer project, then undone;
# a public type added to that project; a Directory.Build.props property (Version) that changes every assembly; a
# command-line property (-p:Optimize=true) and back; a same-size edit of a source file with its mtime put back;
# `git checkout feature` (stays there), then back to main; `git checkout build-settings` and back; a deleted
# assembly in a top project's bin/ and one in a middle project's obj/; the added file deleted.
# Prints per step how many projects were skipped whole and built, and "oracle: N steps, all identical" at the end.
#
# Usage: build/oracle-project-skip.sh [--projects 12] [--layers 4] [--entities 3] [--seed 1] [--out artifacts/oracle-project-skip]
#                                     [--server]   (compiler server on for every build: faster, same bytes)
# See docs/project-skip.md.
set -euo pipefail
{
cd "$(dirname "$0")/.."

. build/bench-lib.sh
projects=12 layers=4 entities=3 seed=1 out=artifacts/oracle-project-skip
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --projects|-n) projects=$2; shift 2 ;;
    --layers|-l) layers=$2; shift 2 ;;
    --entities) entities=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --server) extra=(-p:UseSharedCompilation=true); shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "oracle-project-skip: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
modes=off
bench_check_options oracle-project-skip
bench_environment
# A compiler server started by --server must not outlive the run.
# The clean copy lives outside any git repository: FlowForge maps the checkout root (the nearest folder with .git) to
# /_/, and a copy under this repository's artifacts/ would take this repository as its root, not the copy's own folder,
# so its outputs would name other paths than the solution's (which is a repository of its own).
clean=$(mktemp -d "${TMPDIR:-/tmp}/ff-oracle-clean.XXXXXX")/clean
cleanup() {
  rm -rf "$(dirname "$clean")"
  if [ ${#extra[@]} -gt 0 ]; then dotnet build-server shutdown >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$out/feed" "$out/packages" "$out/cache" "$out/clean-cache" "$out/solution" "$out/clean" "$out/logs"
mkdir -p "$out/logs"
bench_pack oracle-project-skip "$out"
export NUGET_PACKAGES=$out/packages
work=$out/solution

echo "oracle-project-skip: generating $projects projects in $layers layers ($entities records a project, seed $seed)"
python3 build/generate-solution.py --out "$work" --projects "$projects" --layers "$layers" --entities "$entities" \
  --seed "$seed" --flowforge-feed "$out/feed" --flowforge-version "$version"
solution=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["solution"])' "$work/solution.json")
mapfile -t facts < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
e = s["bodyEdit"]
paths = {p["name"]: p["path"].rsplit("/", 1)[0] for p in s["projects"]}
print(e["file"]); print(e["marker"]); print(e["statement"]); print(paths[e["project"]])
print(paths[s["layers"][-1][0]]); print(paths[s["layers"][len(s["layers"]) // 2][0]])' "$work/solution.json")
edit_file=${facts[0]} edit_marker=${facts[1]} edit_statement=${facts[2]} bottom=${facts[3]} top=${facts[4]} middle=${facts[5]}

step_count=0
# build LABEL [ARGS...]: one FlowForge build of the work tree with project skip on; prints its skip counts.
build() {
  local label=$1; shift
  local log=$out/logs/$label.log
  if ! (cd "$work" && FLOWFORGE_CACHE=$out/cache dotnet build "$solution" -nologo -v:n \
      ${extra[@]+"${extra[@]}"} "$@" >"$log" 2>&1); then
    tail -n 30 "$log"; echo "oracle-project-skip: the build '$label' failed; log $log" >&2; exit 1
  fi
  printf '  %-40s skipped whole %2d, built %2d, not eligible %d\n' "$label" \
    "$(grep -c 'project skip: skipped whole project' "$log" || true)" "$(grep -c 'project skip: built' "$log" || true)" \
    "$(grep -c 'project skip: not eligible' "$log" || true)"
}

# oracle LABEL [ARGS...]: builds a copy of the tree clean (empty cache, same arguments) and compares the outputs.
oracle() {
  local label=$1; shift
  rm -rf "$clean" "$out/clean-cache"
  python3 - "$work" "$clean" <<'EOF'
import os, shutil, sys
source, target = sys.argv[1], sys.argv[2]
for folder, dirs, files in os.walk(source):
    dirs[:] = [d for d in dirs if d not in ("bin", "obj", ".git")]
    relative = os.path.relpath(folder, source)
    os.makedirs(os.path.join(target, relative), exist_ok=True)
    for f in files:
        shutil.copy2(os.path.join(folder, f), os.path.join(target, relative, f))
EOF
  local log=$out/logs/$label-clean.log
  if ! (cd "$clean" && FLOWFORGE_CACHE=$out/clean-cache dotnet build "$solution" -nologo \
      ${extra[@]+"${extra[@]}"} "$@" >"$log" 2>&1); then
    tail -n 30 "$log"; echo "oracle-project-skip: the clean build '$label' failed; log $log" >&2; exit 1
  fi
  python3 - "$work" "$clean" "$label" <<'EOF' || exit 1
import filecmp, os, sys
work, clean, label = sys.argv[1:4]
def outputs(root):
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        parts = os.path.relpath(folder, root).split(os.sep)
        for f in files:
            if "bin" in parts or ("obj" in parts and f.endswith(".dll")):
                found[os.path.join(os.path.relpath(folder, root), f)] = os.path.join(folder, f)
    return found
mine, theirs = outputs(work), outputs(clean)
problems = ["only in the incremental build: " + p for p in sorted(mine.keys() - theirs.keys())]
problems += ["only in the clean build: " + p for p in sorted(theirs.keys() - mine.keys())]
problems += ["differs: " + p for p in sorted(mine.keys() & theirs.keys()) if not filecmp.cmp(mine[p], theirs[p], shallow=False)]
if problems:
    print("oracle-project-skip: FAILED at '%s':" % label, *problems[:40], sep="\n  ", file=sys.stderr)
    sys.exit(1)
print("  %-40s identical to a clean build (%d files)" % ("", len(mine)))
EOF
  step_count=$((step_count + 1))
}

# step LABEL COMMAND...: runs the edit, builds, compares.
step() {
  local label=$1; shift
  (cd "$work" && "$@")
  build "$label"
  oracle "$label"
}

echo "oracle-project-skip: restoring"
(cd "$work" && dotnet restore "$solution" -nologo >"$out/logs/restore.log" 2>&1) || { cat "$out/logs/restore.log"; exit 1; }

echo "oracle-project-skip: steps"
build first; oracle first
build no-op; oracle no-op
step touch bash -c 'git ls-files -z | xargs -0 touch'
step "body edit" sed -i "s|$edit_marker|$edit_statement $edit_marker|" "$edit_file"
step "body edit undone" git checkout -q -- "$edit_file"
step "public type added" bash -c "printf '%s\n' 'namespace OracleAdded;' '/// <summary>Added by the oracle.</summary>' \\
  'public static class Added' '{' '    /// <summary>A value.</summary>' '    public const int Value = 1;' '}' >'$bottom/OracleAdded.cs'"
step "Directory.Build.props Version" sed -i 's|</Project>|  <PropertyGroup><Version>2.3.4</Version></PropertyGroup>\n</Project>|' Directory.Build.props
build "command-line property" -p:Optimize=true; oracle "command-line property" -p:Optimize=true
build "command-line property removed"; oracle "command-line property removed"
# The marker comment's "body" becomes "BODY": same size, and the PDB (in bin/) records the source's checksum.
step "same-size edit, mtime put back" python3 -c '
import os, sys
path, marker = sys.argv[1], sys.argv[2]
stat = os.stat(path)
text = open(path).read()
assert marker in text, marker
open(path, "w").write(text.replace(marker, marker.replace("body", "BODY")))
os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))' "$edit_file" "$edit_marker"
step "edits committed" bash -c 'git add -A && git -c user.name=oracle -c user.email=oracle@example.invalid commit -qm edits'
step "checkout feature" bash -c 'git checkout -q feature'
step "back on main" bash -c 'git checkout -q main'
step "build-settings round trip" bash -c 'git checkout -q build-settings && git checkout -q main'
step "deleted in bin and obj" bash -c "rm -f '$top'/bin/Debug/*/*.dll && rm -f '$middle'/obj/Debug/*/*.dll"
step "added file deleted" rm "$bottom/OracleAdded.cs"
echo "oracle: $step_count steps, all identical to a clean build"
exit 0
}
