using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Git;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Per project, before git info is requested: finds the working tree root of the repository that holds
/// the project with the managed locator (a few file checks, no git process). The root becomes the one
/// global property of the shared git project, so every project of a repository gets the same MSBuild
/// results-cache entry, and git is read once per build. Empty when there is no repository (or a broken
/// <c>.git</c> file): all such projects share one call, which reports FF3001/FF3007 once.
///
/// When this node already received the build's answer for that root and request (<see cref="KeepGitInfoInNode"/>),
/// it is returned as <see cref="KnownInfo"/> and the project need not ask the shared project: on a worker node every
/// such request is a round trip to the scheduler in the main node, which cost 10–90 ms a project on a busy machine.
/// </summary>
public sealed class LocateGitRepository : FlowForgeTask
{
    [Required] public string StartDirectory { get; set; } = "";

    /// <summary>The other global properties the project passes to the shared git project (its settings).</summary>
    public string? Request { get; set; }

    [Output] public string RepositoryRoot { get; private set; } = "";

    /// <summary>The shared project's answer for this root and request, if this node already has it in this build.</summary>
    [Output] public ITaskItem? KnownInfo { get; private set; }

    protected override void ExecuteCore()
    {
        if (RepositoryLocator.TryLocate(StartDirectory, out var location, out _) && location is not null)
            RepositoryRoot = location.WorkingDirectory ?? location.GitDirectory;
        KnownInfo = BuildScoped.TryGet<ITaskItem>(BuildEngine, KeepGitInfoInNode.Key(RepositoryRoot, Request));
    }
}
