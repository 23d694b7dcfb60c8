namespace FlowForge.Core.Configuration;

/// <summary>
/// Whether this process runs in a CI build, from the variables CI systems set. Used for FlowForgeStableLocalVersion
/// (local builds keep the commit out of the assembly; CI builds stamp it) and anything else that must behave
/// differently on a build server.
/// </summary>
public static class ContinuousIntegration
{
    /// <summary>Variables that mark a CI build when set to anything but empty, "false" or "0".</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "CI",                       // GitHub Actions, GitLab, Travis, CircleCI, Buildkite, Bitbucket, AppVeyor, many others
        "TF_BUILD",                 // Azure Pipelines
        "GITHUB_ACTIONS",
        "GITLAB_CI",
        "JENKINS_URL",
        "BUILDKITE",
        "TEAMCITY_VERSION",
        "APPVEYOR",
        "TRAVIS",
        "CIRCLECI",
        "BITBUCKET_BUILD_NUMBER",
        "CODEBUILD_BUILD_ID",       // AWS CodeBuild
        "BUILD_BUILDID",            // Azure Pipelines (older agents)
        "DRONE",
        "SEMAPHORE",
        "BITRISE_IO",
        "BUDDY",
        "HARNESS_BUILD_ID",
        "WOODPECKER",
        "SPACE_API_URL",            // JetBrains Space
    ];

    /// <summary>The first variable that marks a CI build, or null for a local build.</summary>
    public static string? DetectVariable(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        foreach (var name in Variables)
        {
            var value = environment(name)?.Trim();
            if (string.IsNullOrEmpty(value)) continue;
            if (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0") continue;
            return name;
        }
        return null;
    }

    public static bool IsDetected(Func<string, string?>? environment = null) => DetectVariable(environment) is not null;
}
