namespace FlowForge.Git;

/// <summary>
/// CI systems check out a commit (detached HEAD), so the branch must come from their variables.
/// Checked in order; the first that yields a branch wins. Pull-request variables come first because on
/// a PR build the "ref" variables name the synthetic merge ref, not the branch being built.
/// </summary>
public static class CiBranchFallback
{
    private static readonly string[] Variables =
    [
        "GITHUB_HEAD_REF",          // GitHub Actions, pull requests only: the source branch
        "GITHUB_REF",               // GitHub Actions: refs/heads/x (refs/pull/… and refs/tags/… are not branches)
        "SYSTEM_PULLREQUEST_SOURCEBRANCH", // Azure DevOps pull requests: refs/heads/x
        "BUILD_SOURCEBRANCH",       // Azure DevOps: refs/heads/x
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", // GitLab merge request pipelines
        "CI_COMMIT_BRANCH",         // GitLab: set for branch pipelines only (not tags)
        "CI_COMMIT_REF_NAME",       // GitLab: branch or tag name
        "BITBUCKET_BRANCH",         // Bitbucket Pipelines
        "CHANGE_BRANCH",            // Jenkins multibranch pull requests
        "BRANCH_NAME",              // Jenkins multibranch
        "TRAVIS_PULL_REQUEST_BRANCH", // Travis pull requests (TRAVIS_BRANCH is the target there)
        "TRAVIS_BRANCH",            // Travis
        "BUILDKITE_BRANCH",         // Buildkite
    ];

    /// <summary>The branch and the variable it came from, or null when no CI variable names a branch.</summary>
    public static (string Branch, string Variable)? Find(Func<string, string?> environment)
    {
        foreach (var variable in Variables)
        {
            var value = environment(variable)?.Trim();
            if (string.IsNullOrEmpty(value)) continue;
            var branch = ToBranchName(value);
            if (branch is not null) return (branch, variable);
        }
        return null;
    }

    /// <summary>"refs/heads/x" → "x"; other full refs (pull, tags, merge-requests) → null; short names as they are.</summary>
    internal static string? ToBranchName(string value)
    {
        const string heads = "refs/heads/";
        if (value.StartsWith(heads, StringComparison.Ordinal))
            return value.Length > heads.Length ? value[heads.Length..] : null;
        if (value.StartsWith("refs/", StringComparison.Ordinal)) return null;
        return value;
    }
}
