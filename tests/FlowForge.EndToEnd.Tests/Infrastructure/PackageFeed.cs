namespace FlowForge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The FlowForge.Build package, packed once per test run into a repository-local feed, plus one
/// NuGet packages folder for the run: every sample workspace restores from these, so the package
/// is packed and extracted once, not once per test.
/// </summary>
public static class PackageFeed
{
    private static readonly Lazy<(string Feed, string Version)> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Folder => Packed.Value.Feed;
    public static string Version => Packed.Value.Version;

    /// <summary>Per test run, so a re-packed package of the same version is never served stale.</summary>
    public static string PackagesFolder { get; } = Path.Combine(Path.GetTempPath(), "ff-e2e-packages-" + Guid.NewGuid().ToString("N")[..8]);

    private static (string, string) Pack()
    {
        var feed = Path.Combine(RepositoryLayout.Artifacts, "feed");
        if (Directory.Exists(feed)) Directory.Delete(feed, recursive: true);
        Directory.CreateDirectory(feed);
        // A version of its own per run: restore can never pick up an older extraction by mistake.
        var version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        var result = ProcessRunner.Run("dotnet",
            ["pack", Path.Combine(RepositoryLayout.Root, "src", "FlowForge.Build.Tasks", "FlowForge.Build.Tasks.csproj"),
             "-c", "Release", "-o", feed, "-p:Version=" + version, "-nologo", "-tl:off"],
            RepositoryLayout.Root);
        if (!result.Succeeded) throw new InvalidOperationException("Packing FlowForge.Build failed:\n" + result.Output);
        return (feed, version);
    }
}
