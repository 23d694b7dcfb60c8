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
/// </summary>
public sealed class LocateGitRepository : FlowForgeTask
{
    [Required] public string StartDirectory { get; set; } = "";

    [Output] public string RepositoryRoot { get; private set; } = "";

    protected override void ExecuteCore()
    {
        if (RepositoryLocator.TryLocate(StartDirectory, out var location, out _) && location is not null)
            RepositoryRoot = location.WorkingDirectory ?? location.GitDirectory;
    }
}
