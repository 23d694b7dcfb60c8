using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// A FlowForge step of one project build (one target framework) that reads inputs through the shared stat cache and
/// writes under the project's FlowForge state folder: change detection and the compile gate take the same parameters.
/// </summary>
public abstract class ProjectStateTask : FlowForgeTask
{
    [Required] public string ProjectFile { get; set; } = "";
    /// <summary>FlowForge's folder under obj/ for this project and target framework.</summary>
    [Required] public string StateDirectory { get; set; } = "";
    public string? CacheRoot { get; set; }
    /// <summary>Overrides where the shared stat cache lives (default: under the cache root).</summary>
    public string? StatCacheFile { get; set; }
    /// <summary>Keys the shared stat cache outside a git repository (solution folder or build start folder).</summary>
    public string? WorkspaceDirectory { get; set; }
    public string? TargetFramework { get; set; }
    public string? Configuration { get; set; }

    // The compile's inputs as Csc takes them (references with only the metadata Csc reads: see FlowForge.Build.Late.targets).
    public ITaskItem[] Compile { get; set; } = [];
    public ITaskItem[] References { get; set; } = [];
    public ITaskItem[] Analyzers { get; set; } = [];
    public ITaskItem[] AdditionalFiles { get; set; } = [];
    public ITaskItem[] EditorConfigFiles { get; set; } = [];
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
}
