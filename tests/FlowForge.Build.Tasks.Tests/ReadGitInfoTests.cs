using System.Diagnostics;
using FlowForge.Git;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>Issue 7: the git tasks translate GitInfoProvider into one item and log each problem once per build.</summary>
public sealed class ReadGitInfoTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ff-readgit-" + Guid.NewGuid().ToString("N")[..12]);

    public ReadGitInfoTests() => Directory.CreateDirectory(_temp);

    [Fact]
    public void ReadsTheRepositoryAndReusesTheResultWithinTheBuild()
    {
        var repo = NewRepository("repo");
        Git(repo, "-c", "user.name=T", "-c", "user.email=t@flowforge.invalid", "tag", "v3.1");
        var commit = Git(repo, "rev-parse", "HEAD").Trim();
        var engine = new RecordingBuildEngine();

        var first = Task(engine, repo);
        Assert.True(first.Execute());
        Assert.Empty(engine.Warnings);
        var info = first.Info!;
        Assert.Equal(commit, info.GetMetadata("Commit"));
        Assert.Equal(commit[..7], info.GetMetadata("ShortCommit"));
        Assert.Equal("main", info.GetMetadata("Branch"));
        Assert.Equal("false", info.GetMetadata("Dirty"));
        Assert.Equal($"v3.1-0-g{commit[..7]}", info.GetMetadata("Describe"));
        Assert.Equal("false", info.GetMetadata("IsShallow"));
        Assert.NotEqual("0", info.GetMetadata("GitProcesses"));

        // Another configuration of the shared project in the same node: no git process, same values.
        var second = Task(engine, repo);
        Assert.True(second.Execute());
        Assert.Equal("0", second.Info!.GetMetadata("GitProcesses"));
        Assert.Equal(commit, second.Info!.GetMetadata("Commit"));
        Assert.Contains(engine.Messages, m => m.Message!.Contains("reused in this node"));
    }

    [Fact]
    public void NoRepositoryIsOneFF3001PerBuild()
    {
        var engine = new RecordingBuildEngine();
        var folder = Directory.CreateDirectory(Path.Combine(_temp, "plain")).FullName;
        for (int i = 0; i < 3; i++)
        {
            var task = Task(engine, repositoryRoot: "", start: folder);
            Assert.True(task.Execute());
            Assert.Equal("false", task.Info!.GetMetadata("IsRepository"));
            Assert.Equal("", task.Info!.GetMetadata("Commit"));
        }
        Assert.Equal(["FF3001"], engine.WarningCodes.ToArray());
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void NoWarnTurnsTheWarningIntoAMessage()
    {
        var engine = new RecordingBuildEngine();
        var folder = Directory.CreateDirectory(Path.Combine(_temp, "plain")).FullName;
        var task = Task(engine, repositoryRoot: "", start: folder);
        task.NoWarn = "FF3001;FF3003";
        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        Assert.Contains(engine.Messages, m => m.Message!.Contains("FF3001"));
    }

    [Fact]
    public void GitMissingIsFF3002AndTheManagedDataStillFlows()
    {
        var repo = NewRepository("nogit");
        var commit = Git(repo, "rev-parse", "HEAD").Trim();
        var engine = new RecordingBuildEngine();
        var task = Task(engine, repo);
        task.GitExecutable = Path.Combine(_temp, "no-such-git");
        Assert.True(task.Execute());
        Assert.Equal(["FF3002"], engine.WarningCodes.ToArray());
        Assert.Equal(commit, task.Info!.GetMetadata("Commit"));
        Assert.Equal("main", task.Info!.GetMetadata("Branch"));
        Assert.Equal("", task.Info!.GetMetadata("Dirty"));
    }

    [Fact]
    public void ShallowCloneIsOneFF3003Warning()
    {
        var origin = NewRepository("origin");
        File.WriteAllText(Path.Combine(origin, "b.txt"), "b\n");
        Git(origin, "add", "-A");
        Git(origin, "-c", "user.name=T", "-c", "user.email=t@flowforge.invalid", "commit", "-q", "-m", "second");
        var clone = Path.Combine(_temp, "shallow");
        Git(_temp, "clone", "-q", "--depth", "1", "file://" + origin, clone);
        var engine = new RecordingBuildEngine();
        var task = Task(engine, clone);
        Assert.True(task.Execute());
        Assert.Equal(["FF3003"], engine.WarningCodes.ToArray());
        Assert.Equal("true", task.Info!.GetMetadata("IsShallow"));
        Assert.Equal(Git(origin, "rev-parse", "HEAD").Trim(), task.Info!.GetMetadata("Commit"));
    }

    [Fact]
    public void OnDiskCacheServesTheNextBuildWithoutGit()
    {
        var repo = NewRepository("cached");
        var cacheFile = Path.Combine(_temp, "cache", "git.json");
        var first = Task(new RecordingBuildEngine(), repo);
        first.UseCache = true;
        first.CacheFile = cacheFile;
        Assert.True(first.Execute());
        Assert.Equal("false", first.Info!.GetMetadata("FromCache"));
        Assert.True(File.Exists(cacheFile));

        var next = Task(new RecordingBuildEngine(), repo); // a new build
        next.UseCache = true;
        next.CacheFile = cacheFile;
        Assert.True(next.Execute());
        Assert.Equal("true", next.Info!.GetMetadata("FromCache"));
        Assert.Equal("0", next.Info!.GetMetadata("GitProcesses"));
        Assert.Equal(first.Info!.GetMetadata("Commit"), next.Info!.GetMetadata("Commit"));
    }

    [Fact]
    public void LocateFindsTheWorkingTreeRootFromAProjectFolder()
    {
        var repo = NewRepository("locate");
        var project = Directory.CreateDirectory(Path.Combine(repo, "src", "App")).FullName;
        var locate = new LocateGitRepository { BuildEngine = new RecordingBuildEngine(), StartDirectory = project };
        Assert.True(locate.Execute());
        Assert.Equal(Path.GetFullPath(repo), locate.RepositoryRoot);

        var outside = new LocateGitRepository { BuildEngine = new RecordingBuildEngine(), StartDirectory = Directory.CreateDirectory(Path.Combine(_temp, "out")).FullName };
        Assert.True(outside.Execute());
        Assert.Equal("", outside.RepositoryRoot);
    }

    [Fact]
    public void ANodeKeepsTheAnswerForItsLaterProjectsOfTheSameRepositoryAndSettings()
    {
        var repo = NewRepository("node");
        var project = Directory.CreateDirectory(Path.Combine(repo, "src", "App")).FullName;
        var engine = new RecordingBuildEngine();
        LocateGitRepository Locate(string request)
        {
            var locate = new LocateGitRepository { BuildEngine = engine, StartDirectory = project, Request = request };
            Assert.True(locate.Execute());
            return locate;
        }

        var first = Locate("FlowForgeGitUseCli=true");
        Assert.Null(first.KnownInfo); // nothing kept yet: the project asks the shared git project

        var answer = new TaskItem(first.RepositoryRoot);
        answer.SetMetadata("Commit", "0123456789abcdef0123456789abcdef01234567");
        Assert.True(new KeepGitInfoInNode { BuildEngine = engine, RepositoryRoot = first.RepositoryRoot, Request = "FlowForgeGitUseCli=true", Info = answer }.Execute());

        var later = Locate("FlowForgeGitUseCli=true");
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", later.KnownInfo?.GetMetadata("Commit"));
        // Other settings are another question: the shared project must be asked.
        Assert.Null(Locate("FlowForgeGitUseCli=false").KnownInfo);
        // Another build (another engine here) starts empty.
        var nextBuild = new LocateGitRepository { BuildEngine = new RecordingBuildEngine(), StartDirectory = project, Request = "FlowForgeGitUseCli=true" };
        Assert.True(nextBuild.Execute());
        Assert.Null(nextBuild.KnownInfo);
    }

    private static ReadGitInfo Task(IBuildEngine engine, string repositoryRoot, string? start = null) => new()
    {
        BuildEngine = engine,
        RepositoryRoot = repositoryRoot,
        StartDirectory = start ?? repositoryRoot,
        Environment = name => name == "PATH" ? System.Environment.GetEnvironmentVariable("PATH") : null,
    };

    private string NewRepository(string name)
    {
        var root = Directory.CreateDirectory(Path.Combine(_temp, name)).FullName;
        Git(root, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(root, "a.txt"), "a\n");
        Git(root, "add", "-A");
        Git(root, "-c", "user.name=T", "-c", "user.email=t@flowforge.invalid", "commit", "-q", "-m", "first");
        return root;
    }

    private static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output.Result;
    }

    public void Dispose()
    {
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
