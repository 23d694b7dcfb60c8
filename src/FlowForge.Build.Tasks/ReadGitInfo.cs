using System.Diagnostics;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Core.Configuration;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;
using FlowForge.Git;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Reads git info for one repository and returns it as one item whose metadata are the values. Runs in the
/// shared project build/FlowForge.Git.proj, which every project calls through the MSBuild task with the
/// repository root as its only varying global property: MSBuild's results cache then answers all projects
/// and nodes from one execution, so git runs (and warnings are logged) once per build. Within a node the
/// result is also kept build-scoped, so a second configuration of the shared project (e.g. other global
/// properties) reuses it instead of starting git again.
/// </summary>
public sealed class ReadGitInfo : FlowForgeTask
{
    /// <summary>The working tree root found by <see cref="LocateGitRepository"/>; empty means "no repository".</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Where the build started; named in the FF3001 message when there is no repository.</summary>
    public string? StartDirectory { get; set; }

    /// <summary>Use the on-disk cache (IDE builds): no git process while HEAD, refs, index and config are unchanged.</summary>
    public bool UseCache { get; set; }

    /// <summary>The cache file; default: &lt;cache root&gt;/git/&lt;hash of the repository root&gt;.json.</summary>
    public string? CacheFile { get; set; }

    public string? CacheRoot { get; set; }

    /// <summary>git executable (name or path); default: git on PATH.</summary>
    public string? GitExecutable { get; set; }

    /// <summary>False: managed data only (commit, branch, shallow), no git process at all.</summary>
    public bool UseCli { get; set; } = true;

    public int ShortCommitLength { get; set; } = 7;

    /// <summary>FF3xxx codes to log as messages instead of warnings (FlowForgeGitNoWarn).</summary>
    public string? NoWarn { get; set; }

    /// <summary>One item (the repository root, or "none") with metadata Commit, ShortCommit, Branch, BranchSource,
    /// Dirty, CommitDate, Describe, IsShallow, IsDetached, IsWorktree, IsSubmodule, ObjectFormat, RemoteUrl,
    /// IsRepository, FromCache, GitProcesses.</summary>
    [Output] public ITaskItem? Info { get; private set; }

    /// <summary>Tests inject the environment; MSBuild runs tasks with the build's environment as the process environment.</summary>
    internal Func<string, string?>? Environment { get; set; }

    /// <summary>Tests inject a fake git.</summary>
    internal IGitProcessRunner? Runner { get; set; }

    protected override void ExecuteCore()
    {
        var stopwatch = Stopwatch.StartNew();
        var root = string.IsNullOrWhiteSpace(RepositoryRoot) ? null : Path.GetFullPath(RepositoryRoot!);
        var environment = Environment ?? System.Environment.GetEnvironmentVariable;
        string? cacheFile = null;
        if (root is not null && UseCache && UseCli)
        {
            cacheFile = !string.IsNullOrWhiteSpace(CacheFile)
                ? Path.GetFullPath(CacheFile!)
                : Path.Combine(FlowForgePaths.ResolveCacheRoot(CacheRoot, environment), "git",
                    ContentHash.Of(root.TrimEnd('/', '\\')).ToString()[..16] + ".json");
        }

        var key = $"git:{root}|{UseCli}|{cacheFile}|{ShortCommitLength}|{GitExecutable}";
        int processesBefore = GitCli.TotalProcessesStarted;
        var shared = BuildScoped.GetOrCreate(BuildEngine, key, () => Read(root, environment, cacheFile), out bool created);
        int processes = created ? GitCli.TotalProcessesStarted - processesBefore : 0;
        var info = shared.Info;

        if (created)
        {
            var suppressed = new HashSet<string>(
                (NoWarn ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                StringComparer.OrdinalIgnoreCase);
            foreach (var warning in info.Warnings)
            {
                var diagnostic = warning;
                // The contract: a shallow clone is one coded warning per build (versions from describe are wrong there).
                if (diagnostic.Code == GitDiagnosticCodes.ShallowClone && diagnostic.Severity == DiagnosticSeverity.Message)
                    diagnostic = diagnostic with { Severity = DiagnosticSeverity.Warning };
                if (suppressed.Contains(diagnostic.Code) && diagnostic.Severity == DiagnosticSeverity.Warning)
                    diagnostic = diagnostic with { Severity = DiagnosticSeverity.Message };
                Report(diagnostic);
            }
        }

        var item = new TaskItem(root ?? "none");
        item.SetMetadata("IsRepository", info.IsRepository ? "true" : "false");
        item.SetMetadata("RepositoryRoot", info.RepositoryRoot ?? "");
        item.SetMetadata("Commit", info.Commit ?? "");
        item.SetMetadata("ShortCommit", info.ShortCommit ?? "");
        item.SetMetadata("Branch", info.Branch ?? "");
        item.SetMetadata("BranchSource", info.BranchSource ?? "");
        item.SetMetadata("Dirty", info.IsDirty switch { true => "true", false => "false", null => "" });
        item.SetMetadata("CommitDate", info.CommitDate ?? "");
        item.SetMetadata("Describe", info.Describe ?? "");
        item.SetMetadata("IsShallow", info.IsShallow ? "true" : "false");
        item.SetMetadata("IsDetached", info.IsDetached ? "true" : "false");
        item.SetMetadata("IsWorktree", info.IsWorktree ? "true" : "false");
        item.SetMetadata("IsSubmodule", info.IsSubmodule ? "true" : "false");
        item.SetMetadata("ObjectFormat", info.ObjectFormat);
        item.SetMetadata("RemoteUrl", info.RemoteUrl ?? "");
        item.SetMetadata("FromCache", info.FromCache ? "true" : "false");
        item.SetMetadata("GitProcesses", processes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Info = item;

        // The behaviour the end-to-end test counts: one such line per build.
        Log.LogMessage(MessageImportance.Normal,
            "FlowForge git: read {0} ({1} git processes, {2}, {3} ms): commit {4}, branch {5}, dirty {6}, describe {7}",
            root ?? "(no repository)", processes,
            created ? (info.FromCache ? "from the on-disk cache" : "fresh") : "reused in this node",
            stopwatch.ElapsedMilliseconds, info.ShortCommit ?? "-", info.Branch ?? "-",
            info.IsDirty?.ToString().ToLowerInvariant() ?? "-", info.Describe ?? "-");
    }

    private SharedGitInfo Read(string? root, Func<string, string?> environment, string? cacheFile)
    {
        if (root is null)
        {
            var start = string.IsNullOrWhiteSpace(StartDirectory) ? System.Environment.CurrentDirectory : StartDirectory!;
            // Ask the provider anyway: it distinguishes "no repository" (FF3001) from a broken .git file (FF3007).
            return new SharedGitInfo(GitInfoProvider.Read(start, new GitInfoOptions { UseCli = false, Environment = environment }) is { IsRepository: false } none
                ? none
                : new GitInfo
                {
                    IsRepository = false,
                    Warnings = [Diagnostic.Warning(GitDiagnosticCodes.NoRepository,
                        $"The projects of this build are not in a git repository (build started in '{start}'); git properties stay empty. Build from a clone, or set FlowForgeGitInfo=false for builds from a source archive.")],
                });
        }
        var options = new GitInfoOptions
        {
            Environment = environment,
            GitExecutable = string.IsNullOrWhiteSpace(GitExecutable) ? null : GitExecutable,
            UseCli = UseCli,
            ShortCommitLength = ShortCommitLength,
            CacheFile = cacheFile,
            Runner = Runner,
        };
        return new SharedGitInfo(GitInfoProvider.Read(root, options));
    }

    /// <summary>The build-scoped holder (RegisterTaskObject needs a reference type; nothing to dispose).</summary>
    private sealed class SharedGitInfo(GitInfo info)
    {
        public GitInfo Info { get; } = info;
    }
}
