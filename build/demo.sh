#!/usr/bin/env bash
# The demo: packs FlowForge.Build, builds the bundled 6-project sample (testassets/Layered) in a temp
# folder, changes only timestamps, builds again, edits one file, builds again, and shows what FlowForge
# reports after each build (build log lines and `dotnet flowforge changes`).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/flowforge-demo.XXXXXX")
feed="$work/feed"
export NUGET_PACKAGES="$work/packages" FLOWFORGE_CACHE="$work/cache"
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 DOTNET_NOLOGO=1 MSBUILDTERMINALLOGGER=off

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Packing FlowForge.Build and FlowForge.Tool into $feed"
for project in FlowForge.Build.Tasks FlowForge.Tool; do
  dotnet pack "$repo/src/$project" -c Release -o "$feed" -nologo -tl:off -v:q >/dev/null
done
version=$(ls "$feed" | sed -n 's/^FlowForge\.Build\.\(.*\)\.nupkg$/\1/p')
tool="$repo/src/FlowForge.Tool/bin/Release/net8.0/dotnet-flowforge.dll"

sample="$work/sample"
cp -r "$repo/testassets/Layered" "$sample"
cat > "$sample/nuget.config" <<XML
<configuration>
  <packageSources>
    <clear />
    <add key="flowforge" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > "$sample/Directory.Build.props" <<XML
<Project>
  <ItemGroup>
    <PackageReference Include="FlowForge.Build" Version="$version" PrivateAssets="all" />
  </ItemGroup>
</Project>
XML
cd "$sample"
build() { dotnet build -nologo -tl:off -v:n "$@" 2>&1 | grep -E '^ *FlowForge: | error [A-Z]+[0-9]+| warning FF[0-9]+|Build succeeded' | sed 's/^ *//' ; }

step "1. First build of the 6-project sample"
build
step "2. touch every file (a git checkout round trip does the same), build again"
find . -path ./obj -prune -o -name '*.cs' -exec touch {} +
build
step "3. Edit one file, build again"
echo "// edited by the demo" >> Acme.Model/Order.cs
build
step "dotnet flowforge changes"
dotnet "$tool" changes .
echo
echo "The sample and its build output are in $sample"
