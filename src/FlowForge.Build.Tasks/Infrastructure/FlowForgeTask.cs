using FlowForge.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// Base of every FlowForge task. FlowForge must never be the reason a build fails: an unexpected
/// exception becomes one FF9001 warning (not MSB4018 with a stack trace) and the build goes on
/// as if FlowForge were not there. User mistakes are reported as coded diagnostics by the tasks.
/// </summary>
public abstract class FlowForgeTask : Microsoft.Build.Utilities.Task
{
    public sealed override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException or AccessViolationException))
        {
            Log.LogWarning(null, DiagnosticCodes.InternalError, null, null, 0, 0, 0, 0,
                "FlowForge {0} failed unexpectedly ({1}: {2}); FlowForge steps aside for this project and the build goes on. " +
                "Please report this with the build log (-bl).", GetType().Name, e.GetType().Name, e.Message);
            Log.LogMessage(MessageImportance.Low, e.ToString());
            OnInternalError();
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    /// <summary>Sets outputs to their safest values after an internal error (e.g. "compile").</summary>
    protected virtual void OnInternalError() { }

    /// <summary>Reports a failure to write under a project's FlowForge state folder: a warning the first time in this
    /// build for that folder (whichever step meets it first), a low-importance message after that.</summary>
    protected void ReportStateWriteFailure(string stateDirectory, Diagnostic warning)
    {
        if (CompileHandoff.For(BuildEngine).IsFirstWriteFailure(stateDirectory)) Report(warning);
        else Log.LogMessage(MessageImportance.Low, "{0} (again): {1}", warning.Code, warning.Message);
    }

    /// <summary>Logs what earlier background stores of this node met: the writer's thread cannot log, so whichever
    /// FlowForge task of the node next touches the cache does, naming the project the store was for.</summary>
    protected void ReportBackgroundProblems(FlowForge.Caching.CompileCache cache)
    {
        foreach (var problem in cache.TakeBackgroundProblems())
            Report(problem.Diagnostic with { Message = $"{problem.Project} (stored in the background): {problem.Diagnostic.Message}" });
    }

    protected void Report(Diagnostic diagnostic)
    {
        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, "{0}", diagnostic.Message);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0, "{0}", diagnostic.Message);
                break;
            default:
                Log.LogMessage(MessageImportance.Normal, "{0}: {1}", diagnostic.Code, diagnostic.Message);
                break;
        }
    }
}
