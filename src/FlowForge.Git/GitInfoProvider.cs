using FlowForge.Core.Diagnostics;

namespace FlowForge.Git;

/// <summary>
/// Reads <see cref="GitInfo"/> for a folder: the managed reader for identity (HEAD, branch, commit, worktree,
/// submodule, shallow, remote) and the git CLI for what needs the index and objects, in two processes that
/// run concurrently: <c>git status --porcelain=v2 --branch -z</c> (dirty state, branch, upstream) and
/// <c>git log -1 --format=%H%x00%cI%x00%(describe:tags=true)</c> (commit date and describe together; git
/// ≥ 2.35). Older git prints the placeholder literally and costs one extra <c>git describe</c>.
/// Never throws for repository problems: every degradation is one coded warning on the result.
/// </summary>
public static class GitInfoProvider
{
    /// <summary>Reads git info for the repository containing <paramref name="startDirectory"/>.</summary>
    public static GitInfo Read(string startDirectory, GitInfoOptions? options = null)
    {
        options ??= new GitInfoOptions();
        var environment = options.Environment ?? Environment.GetEnvironmentVariable;

        if (!RepositoryLocator.TryLocate(startDirectory, out var location, out var problem) || location is null)
        {
            var warning = problem is not null
                ? Diagnostic.Warning(GitDiagnosticCodes.CorruptRef, $"{problem} Git properties stay empty.")
                : Diagnostic.Warning(GitDiagnosticCodes.NoRepository,
                    $"No git repository contains '{startDirectory}'; git properties stay empty. Build from a clone, or turn FlowForge git info off for source archives.");
            return new GitInfo { IsRepository = false, Warnings = [warning] };
        }

        var state = ManagedGitReader.Read(location);
        IdentityStamp? stamp = null;
        var cacheWarnings = new List<Diagnostic>();
        if (options.CacheFile is not null && options.UseCli)
        {
            stamp = IdentityStamp.Compute(state);
            var cached = GitInfoCache.TryLoad(options.CacheFile, stamp, out var cacheProblem);
            if (cacheProblem is not null) cacheWarnings.Add(cacheProblem);
            if (cached is not null) return ApplyCiFallback(cached, options, environment);
        }

        var info = Combine(state, options, environment, out bool cliComplete);

        if (stamp is not null && cliComplete)
        {
            // Store only if nothing changed while git ran; otherwise the result might belong to neither state.
            var after = IdentityStamp.Compute(ManagedGitReader.Read(location));
            if (after.Key == stamp.Key) GitInfoCache.Save(options.CacheFile!, stamp, info);
        }
        // After saving: a cache problem belongs to this read only, not to the cached result.
        info.Warnings.AddRange(cacheWarnings);
        return ApplyCiFallback(info, options, environment);
    }

    private static GitInfo Combine(ManagedGitState state, GitInfoOptions options, Func<string, string?> environment, out bool cliComplete)
    {
        var location = state.Location;
        var warnings = new List<Diagnostic>(state.Diagnostics);
        int abbreviation = Math.Clamp(options.ShortCommitLength, 4, GitObjectId.HexLength(state.ObjectFormat));

        GitStatus? status = null;
        string? commitDate = null, describeRaw = null, logCommit = null;
        cliComplete = false;

        var workingDirectory = location.WorkingDirectory;
        if (options.UseCli && workingDirectory is not null)
        {
            var runner = options.Runner ?? new GitCli(options.GitExecutable, environment, options.ProcessEnvironment);
            bool runLog = !state.IsUnborn; // an unborn branch has no commit to date or describe
            // Two independent reads: run them at the same time, so the wall time is the slower one, not the sum.
            var statusTask = Task.Run(() => runner.Run(workingDirectory,
                ["--no-optional-locks", "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=normal"], options.Timeout));
            GitProcessResult? logResult = runLog
                ? runner.Run(workingDirectory,
                    ["--no-optional-locks", "log", "-1", "--no-show-signature", "--no-color",
                     $"--format=%H%x00%cI%x00%(describe:tags=true,abbrev={abbreviation})", "HEAD", "--"], options.Timeout)
                : null;
            var statusResult = statusTask.GetAwaiter().GetResult();

            cliComplete = true;
            if (statusResult.Succeeded)
            {
                try
                {
                    status = StatusParser.Parse(statusResult.StandardOutput);
                }
                catch (FormatException e)
                {
                    cliComplete = false;
                    AddOnce(warnings, Diagnostic.Warning(GitDiagnosticCodes.GitCommandFailed, $"Unexpected git status output: {e.Message}"));
                }
            }
            else
            {
                cliComplete = false;
                AddOnce(warnings, GitCliErrors.ToDiagnostic(statusResult, "git status (dirty state)", workingDirectory)!);
            }

            bool unbornPerStatus = status is not null && status.HeadCommit is null;
            if (logResult is not null && !unbornPerStatus)
            {
                if (logResult.Succeeded)
                {
                    var fields = logResult.StandardOutput.TrimEnd('\n', '\r').Split('\0');
                    if (fields.Length >= 3 && GitObjectId.IsValidAnyFormat(fields[0]))
                    {
                        logCommit = fields[0];
                        commitDate = fields[1].Length > 0 ? fields[1] : null;
                        describeRaw = fields[2].Trim();
                        if (describeRaw.StartsWith("%(describe", StringComparison.Ordinal))
                            describeRaw = RunDescribe(runner, workingDirectory, abbreviation, options.Timeout, warnings, ref cliComplete);
                    }
                    else
                    {
                        cliComplete = false;
                        AddOnce(warnings, Diagnostic.Warning(GitDiagnosticCodes.GitCommandFailed, "Unexpected git log output; commit date and describe are unknown."));
                    }
                }
                else
                {
                    cliComplete = false;
                    AddOnce(warnings, GitCliErrors.ToDiagnostic(logResult, "git log (commit date, describe)", workingDirectory)!);
                }
            }
        }

        if (state.RefsUnreadable && status is null && logCommit is null)
            AddOnce(warnings, Diagnostic.Warning(GitDiagnosticCodes.UnsupportedRepositoryFormat,
                "The repository stores refs in a format the managed reader does not read (reftable) and git did not run; commit and branch are unknown."));

        if (state.IsShallow)
            AddOnce(warnings, new Diagnostic(GitDiagnosticCodes.ShallowClone, DiagnosticSeverity.Message,
                "This is a shallow clone: describe and version heights may be wrong. Fetch full history (fetch-depth: 0) if you version from git."));

        // The CLI's view wins where it has one: it ran after the managed read and is what dirty/describe refer to.
        var commit = status?.HeadCommit ?? logCommit ?? state.Commit;
        bool detached = status is not null ? status.IsDetached : state.IsDetached;
        var branch = status is not null ? status.Branch : state.Branch;
        bool? dirty = status?.IsDirty;
        string? shortCommit = commit is null ? null : commit[..Math.Min(abbreviation, commit.Length)];
        string? describe = null;
        if (describeRaw is not null && commit is not null)
        {
            describe = DescribeNormalizer.Normalize(describeRaw, commit, abbreviation);
            if (dirty == true) describe += "-dirty";
        }

        return new GitInfo
        {
            IsRepository = true,
            RepositoryRoot = location.WorkingDirectory,
            GitDirectory = location.GitDirectory,
            Commit = commit,
            ShortCommit = shortCommit,
            Branch = branch,
            BranchSource = branch is null ? null : "HEAD",
            IsDetached = detached,
            IsDirty = dirty,
            UntrackedFiles = status?.UntrackedCount,
            CommitDate = commitDate,
            Describe = describe,
            Upstream = status?.Upstream,
            Ahead = status?.Ahead,
            Behind = status?.Behind,
            IsShallow = state.IsShallow,
            IsWorktree = location.IsWorktree,
            IsSubmodule = location.IsSubmodule,
            ObjectFormat = GitObjectId.Name(state.ObjectFormat),
            RemoteUrl = state.RemoteUrl,
            Warnings = warnings,
        };
    }

    /// <summary>Fallback for git older than 2.35, where log has no %(describe:tags): one extra process.</summary>
    private static string? RunDescribe(IGitProcessRunner runner, string workingDirectory, int abbreviation, TimeSpan timeout, List<Diagnostic> warnings, ref bool cliComplete)
    {
        var result = runner.Run(workingDirectory, ["describe", "--tags", "--long", "--always", $"--abbrev={abbreviation}", "HEAD"], timeout);
        if (result.Succeeded) return result.StandardOutput.Trim();
        cliComplete = false;
        AddOnce(warnings, GitCliErrors.ToDiagnostic(result, "git describe", workingDirectory)!);
        return null;
    }

    private static GitInfo ApplyCiFallback(GitInfo info, GitInfoOptions options, Func<string, string?> environment)
    {
        if (!options.UseCiBranchFallback || !info.IsDetached || info.Branch is not null) return info;
        if (CiBranchFallback.Find(environment) is not { } found) return info;
        return info with { Branch = found.Branch, BranchSource = found.Variable };
    }

    /// <summary>Both CLI calls fail the same way when git is absent or refuses the repository: report it once.</summary>
    private static void AddOnce(List<Diagnostic> warnings, Diagnostic diagnostic)
    {
        if (!warnings.Exists(w => w.Code == diagnostic.Code)) warnings.Add(diagnostic);
    }
}
