namespace FlowForge.Git;

/// <summary>Options for <see cref="GitInfoProvider.Read"/>. The defaults are what a build wants.</summary>
public sealed record GitInfoOptions
{
    /// <summary>git executable name or path; null means "git" on PATH.</summary>
    public string? GitExecutable { get; init; }

    /// <summary>Environment to read PATH and CI variables from; null means the process environment.
    /// Injectable so tests (and the task, from MSBuild's environment) control it.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>Variables to add to (or, with a null value, remove from) started git processes.</summary>
    public IReadOnlyDictionary<string, string?>? ProcessEnvironment { get; init; }

    /// <summary>Runs git; null creates a <see cref="GitCli"/> from the options above. Tests inject fakes.</summary>
    public IGitProcessRunner? Runner { get; init; }

    /// <summary>Run the git CLI for dirty state, commit date and describe. False: managed data only, zero processes.</summary>
    public bool UseCli { get; init; } = true;

    /// <summary>Per-command timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Length of <see cref="GitInfo.ShortCommit"/> (git's default abbreviation is 7 for both formats).</summary>
    public int ShortCommitLength { get; init; } = 7;

    /// <summary>For detached checkouts, take the branch name from CI variables (GITHUB_REF, BUILD_SOURCEBRANCH, …).</summary>
    public bool UseCiBranchFallback { get; init; } = true;

    /// <summary>Cache file for <see cref="GitInfoCache"/> (e.g. under obj/); null disables the cache.
    /// Meant for IDE/design-time builds: see the staleness note on <see cref="GitInfoCache"/>.</summary>
    public string? CacheFile { get; init; }

    /// <summary>Environment variables as a function, from a dictionary (convenience for callers holding one).</summary>
    public static Func<string, string?> FromDictionary(IReadOnlyDictionary<string, string> variables) =>
        name => variables.TryGetValue(name, out var value) ? value : null;
}
