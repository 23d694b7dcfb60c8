using FlowForge.Build.Tasks.Infrastructure;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks;

/// <summary>
/// After a project received the build's git info from the shared git project: keeps it in this node for the rest of
/// the build, so the node's next projects get it from <see cref="LocateGitRepository"/> without asking again. Git is
/// still read once per build (the shared project runs once); only the request round trips are saved.
/// </summary>
public sealed class KeepGitInfoInNode : FlowForgeTask
{
    public string? RepositoryRoot { get; set; }

    /// <summary>The same <c>Request</c> as given to <see cref="LocateGitRepository"/>.</summary>
    public string? Request { get; set; }

    public ITaskItem? Info { get; set; }

    protected override void ExecuteCore()
    {
        if (Info is not null)
            BuildScoped.Set<ITaskItem>(BuildEngine, Key(RepositoryRoot, Request), new TaskItem(Info));
    }

    internal static string Key(string? repositoryRoot, string? request) => $"git-answer:{repositoryRoot}|{request}";
}
