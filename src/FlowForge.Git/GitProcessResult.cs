namespace FlowForge.Git;

/// <summary>The outcome of one git invocation.</summary>
/// <param name="ExitCode">The exit code; -1 when the process did not run or was killed.</param>
/// <param name="StandardOutput">stdout decoded as UTF-8 (git writes paths as bytes; UTF-8 is its convention).</param>
/// <param name="StandardError">stderr, for diagnostics.</param>
/// <param name="TimedOut">The process was killed after the timeout.</param>
/// <param name="GitNotFound">No git executable could be found or started; nothing ran.</param>
public sealed record GitProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut = false, bool GitNotFound = false)
{
    /// <summary>Exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && !GitNotFound;

    /// <summary>A result for "git is not installed".</summary>
    public static GitProcessResult NotFound(string message) => new(-1, "", message, GitNotFound: true);
}
