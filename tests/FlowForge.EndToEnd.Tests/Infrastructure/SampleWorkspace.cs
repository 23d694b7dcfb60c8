using FlowForge.Core.Configuration;
using FlowForge.Core.Records;

namespace FlowForge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A copy of a testassets/ sample in a fresh temp folder, set up the way a user would: a nuget.config
/// with the local feed and the normal source, and the package referenced once in Directory.Build.props.
/// Builds run the real `dotnet build` with node reuse off; a failed build's binlog is kept under
/// artifacts/e2e/failed-binlogs.
/// </summary>
public sealed class SampleWorkspace : IDisposable
{
    private readonly string _top;
    private int _buildNumber;
    private bool _restored;

    /// <summary>Directory.Build.props content for a suite about the compile gate or change detection: project skip (on by
    /// default) would skip whole projects, which then write neither the gate's decisions nor change records; ProjectSkipTests
    /// covers those builds with it on.</summary>
    public const string ProjectSkipOff = "<PropertyGroup><FlowForgeProjectSkip>false</FlowForgeProjectSkip></PropertyGroup>";

    public string Root { get; }
    public string CacheRoot { get; }
    public Dictionary<string, string?> Environment { get; }

    /// <param name="asIs">Keep the sample's own nuget.config and Directory.Build.props (a repository FlowForge is not
    /// set up in yet, for `dotnet flowforge init`); by default both are written to use the local feed.</param>
    public SampleWorkspace(string sample, string? cacheRoot = null, string? extraProps = null, bool asIs = false)
    {
        _top = Path.Combine(Path.GetTempPath(), "ff-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Root = Path.Combine(_top, "src");
        CacheRoot = cacheRoot ?? Path.Combine(_top, "cache");
        CopyDirectory(Path.Combine(RepositoryLayout.TestAssets, sample), Root);
        if (!asIs) WriteSetup(extraProps);
        Environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = PackageFeed.PackagesFolder,
            ["FLOWFORGE_CACHE"] = CacheRoot,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDTERMINALLOGGER"] = "off",
            [TestBuildJit.Variable] = TestBuildJit.Value,
        };
        foreach (var (variable, value) in TestCompilerServer.BuildEnvironment) Environment[variable] = value;
    }

    /// <summary>The folder above <see cref="Root"/>, deleted with the workspace: room for a test's other folders.</summary>
    public string Top => _top;

    /// <summary>A fresh path for a cache root outside any workspace (several clones can share it); its test deletes it.</summary>
    public static string NewCacheRootPath() => Path.Combine(Path.GetTempPath(), "ff-e2e-cache-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Keeps every CI variable from the builds: a local build, whatever machine (or CI service) runs the tests.</summary>
    public SampleWorkspace AsLocalBuild()
    {
        foreach (var variable in ContinuousIntegration.Variables) Environment[variable] = null;
        return this;
    }

    /// <summary>Makes the copy a git repository with everything committed on main and bin/, obj/ ignored: a fresh clone.</summary>
    public SampleWorkspace CommitAsFreshClone()
    {
        File.WriteAllText(PathOf(".gitignore"), "bin/\nobj/\n");
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("commit", "-q", "-m", "initial");
        return this;
    }

    private void WriteSetup(string? extraProps)
    {
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="flowforge-local" value="{PackageFeed.Folder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), $"""
            <Project>
              <ItemGroup>
                <PackageReference Include="FlowForge.Build" Version="{PackageFeed.Version}" PrivateAssets="all" />
              </ItemGroup>
              {extraProps}
            </Project>
            """);
    }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Runs `dotnet build` in the workspace (restoring on the first build only).</summary>
    public BuildResult Build(params string[] extraArguments)
    {
        _buildNumber++;
        var binlog = Path.Combine(_top, $"build-{_buildNumber}.binlog");
        var arguments = new List<string> { "build", "-nologo", "-tl:off", "-v:n", "-bl:" + binlog };
        if (_restored) arguments.Add("--no-restore");
        arguments.AddRange(extraArguments);
        var result = ProcessRunner.Run("dotnet", arguments, Root, Environment);
        if (result.Succeeded) _restored = true;
        else KeepBinlog(binlog);
        return new BuildResult(result.ExitCode, result.Output, binlog);
    }

    /// <summary>The next <see cref="Build"/> restores first, as a plain `dotnet build` does (after a package change).</summary>
    public void RestoreOnNextBuild() => _restored = false;

    /// <summary>Builds and fails the test, with the log and the kept binlog's path, unless the build succeeded.</summary>
    public BuildResult BuildSucceeded(params string[] extraArguments)
    {
        var result = Build(extraArguments);
        Assert.True(result.Succeeded, $"dotnet build failed (binlog kept under {RepositoryLayout.Artifacts}):\n{result.Output}");
        return result;
    }

    public ProjectRecord Record(string project, string configuration = "Debug", string targetFramework = "net10.0")
    {
        var file = Path.Combine(Root, project, "obj", configuration, targetFramework, "flowforge", ProjectRecord.FileName);
        var record = ProjectRecord.TryLoad(file, out var error);
        Assert.True(record is not null, $"No readable FlowForge record at {file}: {error}");
        return record!;
    }

    public IEnumerable<string> Projects => Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
        .Select(p => Path.GetFileName(Path.GetDirectoryName(p))!).Order(StringComparer.Ordinal);

    /// <summary>Sets every source file's timestamp to now, as `touch` or a git checkout round trip does.</summary>
    public int TouchAllSources()
    {
        var stamp = DateTime.UtcNow;
        int count = 0;
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin")) continue;
            File.SetLastWriteTimeUtc(file, stamp);
            count++;
        }
        return count;
    }

    /// <summary>Runs git in the workspace (a fixed identity, no user config needed); fails the test on a non-zero exit.</summary>
    public string Git(params string[] arguments)
    {
        var result = ProcessRunner.Run("git", ["-c", "user.name=FlowForge Tests", "-c", "user.email=tests@flowforge.invalid", .. arguments], Root);
        Assert.True(result.Succeeded, $"git {string.Join(' ', arguments)} failed:\n{result.Output}");
        return result.Output;
    }

    private void KeepBinlog(string binlog)
    {
        if (!File.Exists(binlog)) return;
        var kept = Path.Combine(RepositoryLayout.Artifacts, "failed-binlogs");
        Directory.CreateDirectory(kept);
        File.Copy(binlog, Path.Combine(kept, $"{Path.GetFileName(_top)}-{Path.GetFileName(binlog)}"), overwrite: true);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, dir);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin")) continue;
            Directory.CreateDirectory(Path.Combine(to, relative));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin")) continue;
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_top, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record BuildResult(int ExitCode, string Output, string Binlog)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The "FlowForge: …" lines the build logged, one per project build.</summary>
    public IReadOnlyList<string> FlowForgeLines => Output.Split('\n')
        .Select(l => l.Trim()).Where(l => l.StartsWith("FlowForge: ", StringComparison.Ordinal)).ToList();

    /// <summary>Codes of the warnings logged during the build (not their repetition in MSBuild's closing summary).</summary>
    public IEnumerable<string> WarningCodes(string prefix = "FF")
    {
        var end = Math.Max(Output.LastIndexOf("\nBuild succeeded.", StringComparison.Ordinal), Output.LastIndexOf("\nBuild FAILED.", StringComparison.Ordinal));
        var log = end < 0 ? Output : Output[..end];
        return System.Text.RegularExpressions.Regex.Matches(log, @"warning (" + prefix + @"\d{4})").Select(m => m.Groups[1].Value);
    }
}
