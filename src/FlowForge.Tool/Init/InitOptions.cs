namespace FlowForge.Tool.Init;

/// <summary>What <c>dotnet flowforge init</c> was asked to do.</summary>
/// <param name="Folder">Where it runs; the repository root above it (the folder holding .git) is the one set up.</param>
/// <param name="PackageVersion">The FlowForge.Build version to reference (default: the tool's own version).</param>
/// <param name="Source">A package source that holds FlowForge.Build (URL or folder); null: the sources already configured.</param>
/// <param name="SourceName">The key of that source in nuget.config.</param>
/// <param name="WriteConfig">Also write a flowforge.toml (all keys, commented out) if there is none.</param>
/// <param name="SummaryLogger">Add the end-of-build summary logger through Directory.Build.rsp.</param>
/// <param name="DryRun">Show what would change; write nothing.</param>
public sealed record InitOptions(
    string Folder,
    string PackageVersion,
    string? Source = null,
    string SourceName = InitOptions.DefaultSourceName,
    bool WriteConfig = false,
    bool SummaryLogger = true,
    bool DryRun = false)
{
    public const string DefaultSourceName = "flowforge";
    public const string PackageId = "FlowForge.Build";
}
