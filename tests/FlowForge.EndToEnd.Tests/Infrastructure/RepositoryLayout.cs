namespace FlowForge.EndToEnd.Tests.Infrastructure;

/// <summary>Where things are in this repository, found from the test assembly's location.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string TestAssets => Path.Combine(Root, "testassets");
    public static string Artifacts => Path.Combine(Root, "artifacts", "e2e");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowForge.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (FlowForge.Build.sln) above " + AppContext.BaseDirectory);
    }
}
