using FlowForge.Core.Diagnostics;

namespace FlowForge.Git;

/// <summary>Turns failed git invocations into coded diagnostics. Relies on <c>LC_ALL=C</c> for the message texts.</summary>
public static class GitCliErrors
{
    /// <summary>True when stderr is git's refusal of a repository owned by someone else (git ≥ 2.35.2).</summary>
    public static bool IsDubiousOwnership(string standardError) =>
        standardError.Contains("detected dubious ownership", StringComparison.OrdinalIgnoreCase)
        || (standardError.Contains("safe.directory", StringComparison.Ordinal) && standardError.Contains("unsafe repository", StringComparison.OrdinalIgnoreCase));

    /// <summary>The diagnostic for a failed result, or null when it succeeded.</summary>
    /// <param name="result">The failed invocation.</param>
    /// <param name="what">What the command was for, e.g. "git status (dirty state)".</param>
    /// <param name="repositoryRoot">The repository, for the safe.directory hint.</param>
    public static Diagnostic? ToDiagnostic(GitProcessResult result, string what, string repositoryRoot)
    {
        if (result.Succeeded) return null;
        if (result.GitNotFound)
            return Diagnostic.Warning(GitDiagnosticCodes.GitNotFound,
                $"{result.StandardError.Trim()} {what} was skipped and the values it gives are unknown; identity values (commit, branch) still come from the managed reader. Install git or add it to PATH.");
        if (result.TimedOut)
            return Diagnostic.Warning(GitDiagnosticCodes.GitCommandTimedOut,
                $"{what} did not finish in time and was stopped; its values are unknown. Check for a hung credential helper or raise the git timeout.");
        if (IsDubiousOwnership(result.StandardError))
            return Diagnostic.Warning(GitDiagnosticCodes.DubiousOwnership,
                $"git refuses '{repositoryRoot}' because another user owns it (dubious ownership), so {what} could not run and its values are unknown. " +
                $"Fix: git config --global --add safe.directory \"{repositoryRoot}\" (or build as the owner).");
        return Diagnostic.Warning(GitDiagnosticCodes.GitCommandFailed,
            $"{what} failed with exit code {result.ExitCode}: {FirstLine(result.StandardError)}");
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        int newline = trimmed.IndexOf('\n');
        return (newline < 0 ? trimmed : trimmed[..newline]).Trim();
    }
}
