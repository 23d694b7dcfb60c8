using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// A FlowForge step of one project build (one target framework) with its own state folder under obj/ and access to the
/// shared stat cache: the parameters every such step gets from the targets, whatever it decides.
/// </summary>
public abstract class ProjectScopedTask : FlowForgeTask
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
}
