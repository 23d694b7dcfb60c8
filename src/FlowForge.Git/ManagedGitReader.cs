using FlowForge.Core.Diagnostics;

namespace FlowForge.Git;

/// <summary>
/// Reads identity data (HEAD, branch, commit, object format, shallow marker, remote URL) from the files of
/// a repository. No git process and no native code: this runs in every project of a build and must cost
/// a few file reads. Never throws for repository problems; they become diagnostics on the result.
/// </summary>
public static class ManagedGitReader
{
    private const string BranchPrefix = "refs/heads/";

    /// <summary>Reads the state of the repository at <paramref name="location"/>.</summary>
    public static ManagedGitState Read(GitRepositoryLocation location)
    {
        var diagnostics = new List<Diagnostic>();
        var config = ReadConfig(location, diagnostics);

        var format = GitObjectFormat.Sha1;
        var formatName = config.Get("extensions", null, "objectFormat");
        if (formatName is not null)
        {
            if (formatName.Equals("sha256", StringComparison.OrdinalIgnoreCase)) format = GitObjectFormat.Sha256;
            else if (!formatName.Equals("sha1", StringComparison.OrdinalIgnoreCase))
                diagnostics.Add(Diagnostic.Warning(GitDiagnosticCodes.UnsupportedRepositoryFormat,
                    $"Unknown extensions.objectFormat '{formatName}'; commit ids are read by the git CLI only.", Path.Combine(location.CommonDirectory, "config")));
        }

        // reftable (git 2.45+) keeps refs in binary tables; HEAD is a stub there. Leave refs to the CLI.
        var refStorage = config.Get("extensions", null, "refStorage");
        bool refsUnreadable = refStorage is not null && !refStorage.Equals("files", StringComparison.OrdinalIgnoreCase);

        bool isShallow = File.Exists(Path.Combine(location.CommonDirectory, "shallow"));
        string? remoteUrl = FindRemoteUrl(config);

        if (refsUnreadable)
        {
            return new ManagedGitState
            {
                Location = location, ObjectFormat = format, IsShallow = isShallow, RemoteUrl = remoteUrl,
                RefsUnreadable = true, Diagnostics = diagnostics,
            };
        }

        var resolver = new RefResolver(location.GitDirectory, location.CommonDirectory, format);
        string? headContent = null, headRef = null, branch = null, commit = null;
        bool detached = false, unborn = false;
        ResolvedRef? resolved = null;
        try
        {
            var (content, target, id) = resolver.ReadHead();
            headContent = content;
            if (id is not null)
            {
                detached = true;
                commit = id;
            }
            else
            {
                headRef = target!;
                branch = headRef.StartsWith(BranchPrefix, StringComparison.Ordinal) ? headRef[BranchPrefix.Length..] : null;
                resolved = resolver.Resolve(headRef);
                unborn = resolved is null;
                // A branch ref never holds an annotated tag, but be correct if HEAD points into refs/tags.
                commit = resolved?.PeeledObjectId ?? resolved?.ObjectId;
            }
        }
        catch (CorruptRepositoryException e)
        {
            diagnostics.Add(Diagnostic.Warning(GitDiagnosticCodes.CorruptRef, e.Message + " HEAD/branch values come from the git CLI if it runs.", e.FilePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Warning(GitDiagnosticCodes.CorruptRef, $"Cannot read refs: {e.Message}"));
        }

        return new ManagedGitState
        {
            Location = location,
            ObjectFormat = format,
            HeadContent = headContent,
            HeadRef = headRef,
            Branch = branch,
            IsDetached = detached,
            IsUnborn = unborn,
            Commit = commit,
            ResolvedHead = resolved,
            IsShallow = isShallow,
            RemoteUrl = remoteUrl,
            Diagnostics = diagnostics,
        };
    }

    private static GitConfig ReadConfig(GitRepositoryLocation location, List<Diagnostic> diagnostics)
    {
        var path = Path.Combine(location.CommonDirectory, "config");
        GitConfig config;
        try
        {
            config = GitConfigReader.ReadFile(path);
            // extensions.worktreeConfig: per-worktree settings live in <gitdir>/config.worktree and win.
            var worktreeConfig = Path.Combine(location.GitDirectory, "config.worktree");
            if (config.GetBool("extensions", null, "worktreeConfig", false) && File.Exists(worktreeConfig))
                config.Merge(GitConfigReader.ReadFile(worktreeConfig));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Warning(GitDiagnosticCodes.ConfigSyntaxError, $"Cannot read the repository config: {e.Message}", path));
            return GitConfig.Empty;
        }
        foreach (var (line, message) in config.Errors)
            diagnostics.Add(new Diagnostic(GitDiagnosticCodes.ConfigSyntaxError, DiagnosticSeverity.Warning, $"git config syntax error: {message}.", path, line, 1));
        return config;
    }

    private static string? FindRemoteUrl(GitConfig config)
    {
        var origin = config.Get("remote", "origin", "url");
        if (!string.IsNullOrWhiteSpace(origin)) return RemoteUrl.Sanitize(origin);
        foreach (var remote in config.GetSubsections("remote"))
        {
            var url = config.Get("remote", remote, "url");
            if (!string.IsNullOrWhiteSpace(url)) return RemoteUrl.Sanitize(url);
        }
        return null;
    }
}
