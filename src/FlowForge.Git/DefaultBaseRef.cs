namespace FlowForge.Git;

/// <summary>
/// The base <c>dotnet flowforge affected</c> compares with when none is given: the remote's default branch as the clone
/// recorded it (<c>origin/HEAD</c>, set by <c>git clone</c> and <c>git remote set-head origin --auto</c>), else the first of
/// <c>origin/main</c>, <c>origin/master</c>, <c>main</c>, <c>master</c> that exists. Repositories whose default branch is
/// <c>master</c> or <c>dev</c> then compare with it instead of a missing <c>origin/main</c>.
/// </summary>
public static class DefaultBaseRef
{
    /// <summary>The candidates after origin/HEAD, in order: the remote's copy first, which is what CI compares with.</summary>
    public static readonly IReadOnlyList<string> Fallbacks = ["origin/main", "origin/master", "main", "master"];

    /// <param name="Ref">The ref to compare with, or null when the repository has none of them.</param>
    /// <param name="How">Why this one, for the user: "origin/HEAD", "first existing of …", or what was missing.</param>
    public sealed record Resolution(string? Ref, string How);

    /// <summary>Resolves the default base for the repository containing <paramref name="folder"/>. Never throws for
    /// repository problems: no repository or no candidate gives a null <see cref="Resolution.Ref"/>.</summary>
    public static Resolution Resolve(string folder, GitInfoOptions? options = null)
    {
        options ??= new GitInfoOptions();
        if (!RepositoryLocator.TryLocate(folder, out var location, out _) || location?.WorkingDirectory is null)
            return new Resolution(null, "no git repository");
        var root = location.WorkingDirectory;
        var runner = options.Runner ?? new GitCli(options.GitExecutable, options.Environment, options.ProcessEnvironment);

        var remoteHead = runner.Run(root, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], options.Timeout);
        const string remotes = "refs/remotes/";
        if (remoteHead.Succeeded && remoteHead.StandardOutput.Trim() is { } target && target.StartsWith(remotes, StringComparison.Ordinal)
            && Exists(runner, root, target, options))
            return new Resolution(target[remotes.Length..], "the remote's default branch (origin/HEAD)");

        foreach (var candidate in Fallbacks)
            if (Exists(runner, root, candidate, options))
                return new Resolution(candidate, $"origin/HEAD is not set; first existing of {string.Join(", ", Fallbacks)}");
        return new Resolution(null, $"origin/HEAD is not set and none of {string.Join(", ", Fallbacks)} exists");
    }

    private static bool Exists(IGitProcessRunner runner, string root, string reference, GitInfoOptions options) =>
        runner.Run(root, ["rev-parse", "--verify", "--quiet", reference + "^{commit}"], options.Timeout).Succeeded;
}
