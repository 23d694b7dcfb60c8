using FlowForge.Core.Configuration;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// Records which fingerprint the outputs now in obj/ belong to (the fingerprint's components, then compile.json with
/// each output's length, mtime and hash), so the next build's gate can skip. Written after a compile and after a
/// restore from the build cache alike. Throws IOException / UnauthorizedAccessException for the caller to report.
/// </summary>
internal static class CompileStateWriter
{
    /// <returns>Each output with the stat taken before it was hashed (for the quick-check record: a file changed after
    /// that stat has another identity, so the record never vouches for bytes other than those hashed).</returns>
    /// <param name="hashes">When given, receives each output's hash by full path (what the compile wrote, for the cache's
    /// background writer: it then needs no second read of files it already has, and refuses files rewritten since).</param>
    public static List<KeyValuePair<string, FileStatus>> Write(string stateDirectory, string projectDirectory, CompileFingerprint fingerprint,
        IEnumerable<string> outputFullPaths, PropertyMemory properties, double compileMs, IDictionary<string, ContentHash>? hashes = null)
    {
        var outputs = new List<OutputFileState>();
        var statuses = new List<KeyValuePair<string, FileStatus>>();
        foreach (var path in outputFullPaths)
        {
            var status = path.Length == 0 ? FileStatus.Missing : FileStatus.Of(path);
            if (path.Length > 0) statuses.Add(new(path, status));
            if (!status.Exists) continue;
            var relative = FlowForgePaths.Display(path, projectDirectory);
            if (outputs.Any(o => o.Path == relative)) continue;
            var hash = ContentHash.OfFile(path);
            if (hashes is not null) hashes[path] = hash;
            outputs.Add(new OutputFileState
            {
                Path = relative,
                Length = status.Length,
                LastWriteTicksUtc = status.LastWriteTicksUtc,
                Hash = hash.ToString(),
            });
        }
        Directory.CreateDirectory(stateDirectory);
        // Components first, state last: the state is what a later build trusts.
        fingerprint.Save(Path.Combine(stateDirectory, CompileState.FingerprintFileName));
        new CompileState
        {
            Fingerprint = fingerprint.HashText,
            Outputs = outputs,
            PropertyOnlyChanges = properties.ChangedAlone,
            PropertyValuesSeen = properties.ValuesSeen,
            CompileMs = compileMs,
            CompiledAtUtc = DateTimeOffset.UtcNow,
        }.Save(Path.Combine(stateDirectory, CompileState.FileName));
        return statuses;
    }
}
