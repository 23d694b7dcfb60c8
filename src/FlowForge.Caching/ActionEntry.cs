using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// What the cache knows about one compile: its fingerprint (<see cref="Key"/>), the output files it produced,
/// and the compiler's warning lines so a restored build can replay them.
/// </summary>
public sealed record ActionEntry(
    ContentHash Key,
    IReadOnlyList<OutputFile> Files,
    IReadOnlyList<string> Diagnostics,
    DateTime CreatedUtc,
    string ToolVersion)
{
    /// <summary>How long the compile that produced the outputs took (0 when unknown): the time a hit saves.
    /// Stored as <c>compileMs</c>, an optional field older readers ignore.</summary>
    public TimeSpan CompileTime { get; init; }

    /// <summary>Sum of the output files' sizes.</summary>
    public long TotalBytes => Files.Sum(f => f.Size);
}
