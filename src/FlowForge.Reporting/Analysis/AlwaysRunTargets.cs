namespace FlowForge.Reporting.Analysis;

/// <summary>
/// SDK targets that declare Inputs/Outputs yet run in every build, even a no-op one: their outputs are written only
/// when different, or are not files at all, so MSBuild logs "Building target … completely" every time. Counting them
/// would make every project look rebuilt; they are left out of "why it rebuilt" (their time still counts).
/// Found by diffing no-op builds of SDK 8–10 projects. Also FlowForge's own gate target: it runs in every build (its
/// quick check, then possibly a check by content), which is not work (whether work followed is the gate's decision, and CoreCompile's run).
/// </summary>
internal static class AlwaysRunTargets
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "GenerateMSBuildEditorConfigFileCore",
        "_GenerateSourceLinkFile",
        "_InitializeGitHubSourceLinkUrl",
        "_InitializeGitLabSourceLinkUrl",
        "_InitializeAzureReposGitSourceLinkUrl",
        "_InitializeBitbucketGitSourceLinkUrl",
        "_InitializeGiteaSourceLinkUrl",
        "_GenerateRestoreProjectPathWalk",
        "_GetProjectReferenceTargetFrameworkProperties",
        "FlowForgeCompileGate",
    };

    public static bool Contains(string target) => Names.Contains(target);
}
