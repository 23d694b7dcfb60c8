using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>
/// Outcome of <see cref="CompileCache.TryRestore"/>. On a hit every expected output is in obj/ with verified bytes and
/// the compile can be skipped; <see cref="CompilerDiagnostics"/> are what that compile reported (replay them with
/// <see cref="CompilerDiagnostic.ForReplay"/>). On a miss obj/ holds none of the entry's outputs half-restored and the
/// compile must run. <see cref="Problems"/> are coded FF2xxx warnings to log either way (each at most once per build
/// for problems of the cache folder or the server).
/// </summary>
public sealed record CompileCacheRestore(
    bool Hit,
    CacheTier Source,
    int FilesRestored,
    long BytesRestored,
    TimeSpan SavedCompileTime,
    IReadOnlyList<CompilerDiagnostic> CompilerDiagnostics,
    IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>The entry's compile time is what the hit saved; lookup and copy time are the caller's to measure.</summary>
    internal static CompileCacheRestore Miss(IReadOnlyList<Diagnostic> problems) => new(false, CacheTier.None, 0, 0, TimeSpan.Zero, [], problems);

    /// <summary>"memory", "local", "remote" or "none", for records and messages.</summary>
    public string SourceName => Source.ToString().ToLowerInvariant();
}
