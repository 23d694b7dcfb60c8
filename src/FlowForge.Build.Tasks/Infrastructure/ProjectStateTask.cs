using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// A FlowForge step of one project build (one target framework) that reads the compile's inputs through the shared stat
/// cache and writes under the project's FlowForge state folder; change detection (ProjectStateTask.ChangeDetection.cs)
/// is its first part.
/// </summary>
public abstract partial class ProjectStateTask : ProjectScopedTask
{

    // The compile's inputs as Csc takes them. Paths only (string[]) where Csc reads no metadata: MSBuild then binds
    // plain strings instead of wrapping every item, and a binlog records the paths without each item's metadata
    // (a resolved reference carries about twenty). This runs in every project of every build, no-op builds included.
    public string[] Compile { get; set; } = [];
    public string[] References { get; set; } = [];
    public string[] Analyzers { get; set; } = [];
    public string[] AdditionalFiles { get; set; } = [];
    public string[] EditorConfigFiles { get; set; } = [];
    /// <summary>Items: the compile reads LogicalName, ManifestResourceName, Access and WithCulture.</summary>
    public ITaskItem[] Resources { get; set; } = [];

    /// <summary>
    /// The shared stat cache of this project's workspace, loaded on first use in this node and build (callers ask for
    /// it only when they have a file to look up). Whichever step loads it reports a corrupt file (FF1002), once.
    /// </summary>
    private protected SharedStatCache LoadSharedStatCache(string projectDirectory)
    {
        var file = SharedStatCache.ResolveFile(StatCacheFile, CacheRoot, projectDirectory, WorkspaceDirectory);
        var shared = SharedStatCache.For(BuildEngine, file, out bool created);
        if (created && shared.CorruptReason is { } corrupt)
            Report(Diagnostic.Warning(DiagnosticCodes.StatCacheCorrupt,
                $"The FlowForge stat cache '{file}' is corrupt ({corrupt}); it is discarded and rebuilt, so this build hashes every input once. Nothing else is needed.",
                file));
        return shared;
    }

    internal static string FullPath(ITaskItem item, string projectDirectory) => FullPath(item.ItemSpec, projectDirectory);

    /// <summary>The absolute path of an input relative to the project folder; empty for an empty or invalid path.</summary>
    internal static string FullPath(string path, string projectDirectory)
    {
        if (string.IsNullOrWhiteSpace(path)) return "";
        try { return Path.GetFullPath(path, projectDirectory); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return ""; }
    }
}
