using System.Diagnostics;
using System.Text.Json;

namespace FlowForge.Build.Benchmarks.Tests;

/// <summary>
/// build/generate-solution.py, which the compile-gate and cache benchmarks build: its branches change what
/// solution.json says they change (the benchmark's two round trips rest on that), --entities scales the code, and the
/// code it writes builds without warnings.
/// </summary>
public sealed class GeneratedSolutionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ff-generated-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (!Directory.Exists(_root)) return;
        // git writes its objects read-only.
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
            File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void EachBranchDiffersFromMainInExactlyTheFilesSolutionJsonLists()
    {
        var solution = Generate("acme", "-n", "5", "-l", "3");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(solution, "solution.json")));

        foreach (var (branch, key) in new[] { ("feature", "featureBranch"), ("build-settings", "buildSettingsBranch") })
        {
            var listed = manifest.RootElement.GetProperty(key).EnumerateArray().Select(c => c.GetProperty("file").GetString()!).Order();
            var changed = Run(solution, "git", "diff", "--name-only", "main", branch).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order();
            Assert.Equal(listed, changed);
        }
        Assert.Equal(["Directory.Build.props"], manifest.RootElement.GetProperty("buildSettingsBranch").EnumerateArray()
            .Select(c => c.GetProperty("file").GetString()));
        // Left on main with a clean tree: the benchmark's round trips start and end there.
        Assert.Equal("main", Run(solution, "git", "branch", "--show-current").Trim());
        Assert.Equal("", Run(solution, "git", "status", "--porcelain"));
    }

    [Fact]
    public void EntitiesAddAModelAndAServicePerRecord()
    {
        var small = Generate("small", "-n", "3", "-l", "3");
        var large = Generate("large", "-n", "3", "-l", "3", "--entities", "20");

        foreach (var project in Directory.GetDirectories(Path.Combine(large, "src")))
        {
            Assert.Equal(20, Directory.GetFiles(Path.Combine(project, "Models"), "*.cs").Length);
            Assert.Equal(20, Directory.GetFiles(Path.Combine(project, "Services"), "*.cs").Length);
            Assert.Equal(3, Directory.GetFiles(Path.Combine(small, "src", Path.GetFileName(project), "Models"), "*.cs").Length);
        }
    }

    [Fact]
    public void TheDefaultOutputIsTheSameForTheSameSeed()
    {
        var first = Generate("first", "-n", "4", "-l", "2");
        var second = Generate("second", "-n", "4", "-l", "2", "--entities", "3");

        Assert.Equal(Run(first, "git", "rev-parse", "main", "feature", "build-settings"),
            Run(second, "git", "rev-parse", "main", "feature", "build-settings"));
    }

    [Fact]
    public void MoreRecordsThanNounsStillBuildWithoutWarnings()
    {
        // Past 16 records the names repeat with a number (BillingEntry2): they must stay distinct and compile.
        var solution = Generate("build", "-n", "2", "-l", "2", "--entities", "18");

        var output = Run(solution, "dotnet", "build", "Acme.sln", "-nologo", "-tl:off", "-p:UseSharedCompilation=false");

        Assert.Contains(" 0 Warning(s)", output);
        Assert.Contains(" 0 Error(s)", output);
    }

    private string Generate(string name, params string[] options)
    {
        var output = Path.Combine(_root, name);
        Run(RepositoryRoot(), "python3", ["build/generate-solution.py", "--out", output, .. options]);
        return output;
    }

    private static string Run(string directory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No build node or MSBuild server may outlive the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowForge.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
