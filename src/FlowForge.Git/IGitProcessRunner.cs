namespace FlowForge.Git;

/// <summary>
/// Runs git. <see cref="GitCli"/> is the real implementation; tests substitute fakes to simulate errors
/// (e.g. "dubious ownership") that cannot be produced on every machine.
/// </summary>
public interface IGitProcessRunner
{
    /// <summary>Runs git with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; never throws for git failures.</summary>
    GitProcessResult Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout);

    /// <summary>How many processes this runner has started (so callers can assert "git ran once per build").</summary>
    int ProcessesStarted { get; }
}
