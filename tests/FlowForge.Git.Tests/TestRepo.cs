using System.Diagnostics;
using FlowForge.Git;

namespace FlowForge.Git.Tests;

/// <summary>
/// A temp folder for real git repositories. Every git process (ours and the provider's) runs isolated from the
/// machine's config: an empty global config file, no system config, fixed identity.
/// </summary>
public sealed class TestRepo : IDisposable
{
    private static readonly string s_root = Path.Combine(Path.GetTempPath(), "flowforge-git-tests");

    public TestRepo()
    {
        Root = Path.Combine(s_root, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        var globalConfig = Path.Combine(Root, "empty-global.gitconfig");
        File.WriteAllText(globalConfig, "");
        Isolation = new Dictionary<string, string?>
        {
            ["GIT_CONFIG_GLOBAL"] = globalConfig,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_AUTHOR_NAME"] = "Test",
            ["GIT_AUTHOR_EMAIL"] = "test@example.com",
            ["GIT_COMMITTER_NAME"] = "Test",
            ["GIT_COMMITTER_EMAIL"] = "test@example.com",
            ["GIT_DIR"] = null,
            ["GIT_WORK_TREE"] = null,
        };
    }

    /// <summary>The temp folder; repositories are created in subfolders.</summary>
    public string Root { get; }

    /// <summary>Environment changes applied to every git process.</summary>
    public Dictionary<string, string?> Isolation { get; }

    public string Path_(string relative) => Path.Combine(Root, relative);

    /// <summary>Creates a repository with one commit on main.</summary>
    public string Init(string name = "repo", params string[] initArguments)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        Git(dir, ["init", "-q", "-b", "main", .. initArguments]);
        return dir;
    }

    public void Write(string repo, string relative, string content)
    {
        var path = Path.Combine(repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Writes files, stages everything and commits; returns the new commit id.</summary>
    public string Commit(string repo, string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files) Write(repo, path, content);
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "--allow-empty", "-m", message);
        return Git(repo, "rev-parse", "HEAD").Trim();
    }

    public string Git(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in Isolation)
        {
            if (v is null) start.Environment.Remove(k); else start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}");
        return stdout.Result;
    }

    /// <summary>Options for the provider: isolated git processes and an environment that has PATH and nothing
    /// else, so CI variables of the machine running the tests cannot leak in.</summary>
    public GitInfoOptions Options(IGitProcessRunner? runner = null, Dictionary<string, string>? environment = null, string? cacheFile = null)
    {
        var env = new Dictionary<string, string>(environment ?? new());
        env.TryAdd("PATH", Environment.GetEnvironmentVariable("PATH") ?? "");
        return new GitInfoOptions
        {
            Environment = GitInfoOptions.FromDictionary(env),
            ProcessEnvironment = Isolation,
            Runner = runner,
            CacheFile = cacheFile,
        };
    }

    public GitCli Cli(Dictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? new());
        env.TryAdd("PATH", Environment.GetEnvironmentVariable("PATH") ?? "");
        return new GitCli(null, GitInfoOptions.FromDictionary(env), Isolation);
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
                File.SetAttributes(file, FileAttributes.Normal); // git marks objects read-only (matters on Windows)
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A runner that returns canned results, to simulate failures that cannot be produced everywhere.</summary>
public sealed class FakeRunner(Func<IReadOnlyList<string>, GitProcessResult> respond) : IGitProcessRunner
{
    private int _count;
    public List<string> Commands { get; } = new();
    public int ProcessesStarted => _count;

    public GitProcessResult Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        Interlocked.Increment(ref _count);
        lock (Commands) Commands.Add(string.Join(' ', arguments));
        return respond(arguments);
    }
}
