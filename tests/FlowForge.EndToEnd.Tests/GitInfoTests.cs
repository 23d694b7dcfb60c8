using System.Text.RegularExpressions;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 7: git is read once per build across all nodes, and its values reach the assemblies.</summary>
public sealed class GitInfoTests
{
    // Writes every project's git properties next to it, so the test reads what MSBuild really saw.
    private const string DumpTarget = """
        <Target Name="_TestDumpGitProperties" AfterTargets="Build">
          <WriteLinesToFile File="$(MSBuildProjectDirectory)/obj/git-properties.txt" Overwrite="true"
                            Lines="Commit=$(FlowForgeGitCommit);ShortCommit=$(FlowForgeGitShortCommit);Branch=$(FlowForgeGitBranch);Dirty=$(FlowForgeGitDirty);CommitDate=$(FlowForgeGitCommitDate);Describe=$(FlowForgeGitDescribe);IsShallow=$(FlowForgeGitIsShallow);SourceRevisionId=$(SourceRevisionId);RepositoryCommit=$(RepositoryCommit);RepositoryBranch=$(RepositoryBranch)" />
        </Target>
        """;

    private static readonly Regex ReadLine = new(@"FlowForge git: read .*? \((\d+) git processes, (fresh|from the on-disk cache|reused in this node)", RegexOptions.Compiled);

    [Fact]
    public void ManyProjectsBuiltWithMultipleNodesReadGitOnceAndStampTheCommit()
    {
        using var ws = new SampleWorkspace("Many", extraProps: DumpTarget);
        // A CI build: the commit is stamped into the assemblies (local builds keep it out, FlowForgeStableLocalVersion).
        ws.Environment["CI"] = "true";
        var projects = ws.Projects.ToList();
        Assert.True(projects.Count >= 10, $"the sample has only {projects.Count} projects");

        File.WriteAllText(ws.PathOf(".gitignore"), "bin/\nobj/\n");
        Git(ws.Root, "init", "-q", "-b", "main");
        Git(ws.Root, "add", "-A");
        Git(ws.Root, "-c", "user.name=FlowForge Tests", "-c", "user.email=tests@flowforge.invalid", "commit", "-q", "-m", "initial");
        Git(ws.Root, "-c", "user.name=FlowForge Tests", "-c", "user.email=tests@flowforge.invalid", "tag", "-a", "v1.2", "-m", "release 1.2");
        var commit = Git(ws.Root, "rev-parse", "HEAD").Trim();

        // Every git process of the build, whoever starts it, goes through this wrapper and is logged.
        var gitLog = CountGitProcesses(ws);

        var build = ws.BuildSucceeded("-m:2", "Many.sln");
        var reads = ReadLine.Matches(build.Output);
        var read = Assert.Single(reads);
        Assert.Equal("fresh", read.Groups[2].Value);
        int processes = int.Parse(read.Groups[1].Value);
        Assert.InRange(processes, 1, 3); // status + log (+ describe on git < 2.35)
        if (gitLog is not null)
            Assert.Equal(processes, File.Exists(gitLog) ? File.ReadAllLines(gitLog).Length : 0);
        Assert.DoesNotContain("FF3", string.Join(' ', build.WarningCodes()));

        foreach (var project in projects)
        {
            var values = Properties(ws, project);
            Assert.Equal(commit, values["Commit"]);
            Assert.Equal(commit[..7], values["ShortCommit"]);
            Assert.Equal("main", values["Branch"]);
            Assert.Equal("false", values["Dirty"]);
            Assert.Equal($"v1.2-0-g{commit[..7]}", values["Describe"]);
            Assert.Equal("false", values["IsShallow"]);
            Assert.True(DateTimeOffset.TryParse(values["CommitDate"], out _), values["CommitDate"]);
            Assert.Equal(commit, values["SourceRevisionId"]);
            Assert.Equal(commit, values["RepositoryCommit"]);
            Assert.Equal("main", values["RepositoryBranch"]);
        }
        Assert.EndsWith("+" + commit, AssemblyMetadata.InformationalVersion(ws.PathOf("Many.App/bin/Debug/net10.0/Many.App.dll")));

        // A new commit, with the SDK's own source-control lookup switched off: the assembly still carries the
        // commit, so the value comes from FlowForge; git is again read once.
        File.AppendAllText(ws.PathOf("Many.Core/CorePart.cs"), "\n// second commit\n");
        Git(ws.Root, "-c", "user.name=FlowForge Tests", "-c", "user.email=tests@flowforge.invalid", "commit", "-q", "-a", "-m", "second");
        var second = Git(ws.Root, "rev-parse", "HEAD").Trim();
        if (gitLog is not null) File.Delete(gitLog);

        var rebuild = ws.BuildSucceeded("-m:2", "Many.sln", "-p:EnableSourceControlManagerQueries=false");
        var reread = Assert.Single(ReadLine.Matches(rebuild.Output));
        if (gitLog is not null)
            Assert.Equal(int.Parse(reread.Groups[1].Value), File.ReadAllLines(gitLog).Length);
        Assert.EndsWith("+" + second, AssemblyMetadata.InformationalVersion(ws.PathOf("Many.App/bin/Debug/net10.0/Many.App.dll")));
        Assert.Equal($"v1.2-1-g{second[..7]}", Properties(ws, "Many.Core")["Describe"]);
    }

    [Fact]
    public void NoRepositoryGivesOneWarningPerBuildAndTheBuildSucceeds()
    {
        using var ws = new SampleWorkspace("Layered", extraProps: DumpTarget);
        Assert.Null(FindGitAbove(ws.Root)); // temp folders are not inside a repository

        var build = ws.BuildSucceeded("-m:2", "Layered.sln");
        Assert.Equal(["FF3001"], build.WarningCodes().Where(c => c.StartsWith("FF3")).ToArray());
        Assert.Single(ReadLine.Matches(build.Output));
        foreach (var project in ws.Projects)
        {
            var values = Properties(ws, project);
            Assert.Equal("", values["Commit"]);
            Assert.Equal("", values["SourceRevisionId"]);
        }

        // Switched off: no read, no warning.
        var off = ws.BuildSucceeded("-m:2", "Layered.sln", "-p:FlowForgeGitInfo=false");
        Assert.DoesNotContain(off.WarningCodes(), c => c.StartsWith("FF3"));
        Assert.Empty(ReadLine.Matches(off.Output));
    }

    private static Dictionary<string, string> Properties(SampleWorkspace ws, string project) =>
        File.ReadAllLines(ws.PathOf($"{project}/obj/git-properties.txt"))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    /// <summary>Puts a logging git wrapper first on the builds' PATH; returns the log file, or null where a shell wrapper cannot be used.</summary>
    private static string? CountGitProcesses(SampleWorkspace ws)
    {
        if (OperatingSystem.IsWindows()) return null;
        var realGit = FindOnPath("git") ?? throw new InvalidOperationException("git is not on PATH");
        var folder = Path.Combine(Path.GetDirectoryName(ws.Root)!, "git-wrapper");
        Directory.CreateDirectory(folder);
        var log = Path.Combine(folder, "invocations.log");
        var wrapper = Path.Combine(folder, "git");
        File.WriteAllText(wrapper, $"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{realGit}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ws.Environment["PATH"] = folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        return log;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string? FindGitAbove(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
        return null;
    }

    private static string Git(string directory, params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, directory);
        Assert.True(result.Succeeded, $"git {string.Join(' ', arguments)} failed:\n{result.Output}");
        return result.Output;
    }
}
