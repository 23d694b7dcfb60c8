namespace FlowForge.Caching;

/// <summary>
/// Tells whether the build runs for a pull (merge) request, from the variables the common CI services set. Such a
/// build runs code nobody has reviewed yet, so by default it may read the shared remote cache but not write to it
/// (a malicious change could otherwise plant outputs that trusted builds would restore). Only the presence of the
/// variables matters; their values are never logged.
/// </summary>
public static class PullRequestBuild
{
    /// <summary>
    /// The variable that marks this build as a pull-request build (for messages, e.g. <c>GITHUB_EVENT_NAME=pull_request</c>),
    /// or null for an ordinary build. Recognised: GitHub Actions (<c>GITHUB_EVENT_NAME</c> pull_request or
    /// pull_request_target), Azure Pipelines (<c>SYSTEM_PULLREQUEST_PULLREQUESTID</c>, <c>BUILD_REASON=PullRequest</c>),
    /// GitLab (<c>CI_MERGE_REQUEST_IID</c>), Bitbucket (<c>BITBUCKET_PR_ID</c>), Jenkins (<c>CHANGE_ID</c>), Buildkite
    /// (<c>BUILDKITE_PULL_REQUEST</c> ≠ false), Travis (<c>TRAVIS_PULL_REQUEST</c> ≠ false), CircleCI
    /// (<c>CIRCLE_PULL_REQUEST</c>, <c>CIRCLE_PR_NUMBER</c>), AppVeyor (<c>APPVEYOR_PULL_REQUEST_NUMBER</c>), TeamCity
    /// (<c>TEAMCITY_PULL_REQUEST_NUMBER</c>), Drone and Woodpecker (<c>DRONE_PULL_REQUEST</c>, <c>CI_COMMIT_PULL_REQUEST</c>).
    /// </summary>
    public static string? Detect(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Value(string name) => environment(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var githubEvent = Value("GITHUB_EVENT_NAME");
        if (githubEvent is "pull_request" or "pull_request_target") return $"GITHUB_EVENT_NAME={githubEvent}";
        if (string.Equals(Value("BUILD_REASON"), "PullRequest", StringComparison.OrdinalIgnoreCase)) return "BUILD_REASON=PullRequest";

        // Set (non-empty) only in pull-request builds.
        foreach (var name in (string[])["SYSTEM_PULLREQUEST_PULLREQUESTID", "CI_MERGE_REQUEST_IID", "BITBUCKET_PR_ID", "CHANGE_ID",
                     "CIRCLE_PULL_REQUEST", "CIRCLE_PR_NUMBER", "APPVEYOR_PULL_REQUEST_NUMBER", "TEAMCITY_PULL_REQUEST_NUMBER",
                     "DRONE_PULL_REQUEST", "CI_COMMIT_PULL_REQUEST"])
            if (Value(name) is not null) return name;

        // Always set by these services, to "false" outside pull requests.
        foreach (var name in (string[])["BUILDKITE_PULL_REQUEST", "TRAVIS_PULL_REQUEST"])
            if (Value(name) is { } value && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return name;
        return null;
    }
}
