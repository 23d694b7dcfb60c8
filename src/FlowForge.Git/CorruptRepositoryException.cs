namespace FlowForge.Git;

/// <summary>
/// Thrown inside the managed reader when a repository file is malformed. It never leaves the library:
/// the provider turns it into a <see cref="GitDiagnosticCodes.CorruptRef"/> warning.
/// </summary>
internal sealed class CorruptRepositoryException(string message, string? file) : Exception(message)
{
    public string? FilePath { get; } = file;
}
