using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Changes;

/// <summary>The outcome of comparing a project's inputs now with its previous build.</summary>
public sealed class ChangeReport
{
    public required InputManifest Current { get; init; }
    public required bool HadPreviousBuild { get; init; }
    public required IReadOnlyList<FileChange> Changes { get; init; }
    /// <summary>Inputs whose timestamp or size changed while their content did not.</summary>
    public required int TimestampOnlyChanges { get; init; }
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    /// <summary>The line when the quick check passed and the gate's task did not run (every file of its last check kept its stat identity, see
    /// FlowForge.Build.Gate.targets): logged by the targets, which must spell it exactly like this.</summary>
    public const string NothingNewerSummary = "content unchanged (nothing newer than the last check)";

    public int InputCount => Current.Entries.Count;
    public bool ContentChanged => !HadPreviousBuild || Changes.Count > 0;

    /// <summary>The log line: "2 of 48 inputs changed (A.cs, B.cs)" or "content unchanged (timestamps of 48 inputs changed)".</summary>
    public string Summarize(Func<string, string> displayPath, int maxNames = 5)
    {
        if (!HadPreviousBuild) return $"first build, {InputCount} inputs recorded";
        if (Changes.Count == 0)
        {
            return TimestampOnlyChanges > 0
                ? $"content unchanged (timestamps of {TimestampOnlyChanges} inputs changed)"
                : $"content unchanged ({InputCount} inputs)";
        }
        var names = Changes.Take(maxNames).Select(c => c.Change switch
        {
            ChangeKind.Added => "+" + displayPath(c.Path),
            ChangeKind.Removed => "-" + displayPath(c.Path),
            _ => displayPath(c.Path),
        });
        var more = Changes.Count > maxNames ? $", and {Changes.Count - maxNames} more" : "";
        int removed = Changes.Count(c => c.Change == ChangeKind.Removed);
        var removedText = removed > 0 ? $", {removed} removed" : "";
        return $"{Changes.Count - removed} of {InputCount} inputs changed{removedText} ({string.Join(", ", names)}{more})";
    }
}

/// <summary>
/// Hashes a project's inputs and compares them with the previous build's manifest. Never throws for bad input:
/// unreadable files become diagnostics and count as changed.
/// <para>
/// An unchanged input set costs one stat call per file and nothing else: an input whose stat data match a trusted
/// entry of the project's own manifest is taken from it, and the shared stat cache is asked for (and so loaded) only
/// when some input is not. Only files no cache can vouch for are read, in parallel when there are enough of them.
/// </para>
/// </summary>
public static class ChangeDetector
{
    /// <summary>Below this many files to hash, starting a parallel loop costs more than it saves.</summary>
    private const int ParallelThreshold = 16;
    /// <summary>Stat calls go parallel only for very large projects: a few hundred cost well under a millisecond,
    /// less than waking the thread pool in a fresh MSBuild node.</summary>
    private const int ParallelStatThreshold = 2048;

    public static ChangeReport Detect(IReadOnlyList<InputFile> inputs, InputManifest? previous, StatCache cache, bool trustStatData = true) =>
        Detect(inputs, previous, () => cache, trustStatData);

    /// <param name="statCache">The shared stat cache, called at most once and only when the manifest cannot vouch for an input.</param>
    /// <param name="trustStatData">False (FlowForgeQuickCheck=false): every input is read and hashed by content, whatever
    /// the manifest and the stat cache hold.</param>
    public static ChangeReport Detect(IReadOnlyList<InputFile> inputs, InputManifest? previous, Func<StatCache> statCache, bool trustStatData = true)
    {
        var diagnostics = new List<Diagnostic>();
        var previousByPath = new Dictionary<string, FileEntry>(previous?.Entries.Count ?? 0, StatCache.PathComparer);
        if (previous is not null)
        {
            foreach (var e in previous.Entries) previousByPath[e.Path] = e;
        }

        // An input listed twice (e.g. an analyzer config in two lists) is one file: keep the first.
        var unique = new List<InputFile>(inputs.Count);
        var seen = new HashSet<string>(inputs.Count, StatCache.PathComparer);
        foreach (var input in inputs)
            if (seen.Add(input.Path)) unique.Add(input);

        var entries = new FileEntry[unique.Count];
        var statuses = new FileStatus[unique.Count];
        var errors = new string?[unique.Count];

        // Stat everything; the project's own manifest vouches for what did not change since it was written.
        var vouched = new bool[unique.Count];
        void StatOne(int i)
        {
            var input = unique[i];
            var status = statuses[i] = FileStatus.Of(input.Path);
            if (!status.Exists)
                // A listed input that does not exist: the compiler reports it; we record "no content".
                (entries[i], vouched[i]) = (new FileEntry(input.Path, (byte)input.Kind, -1, 0, 0, default), true);
            else if (trustStatData && previousByPath.TryGetValue(input.Path, out var before) && before.IsTrustedFor(status))
                (entries[i], vouched[i]) = (before with { Kind = (byte)input.Kind }, true);
        }
        if (unique.Count >= ParallelStatThreshold)
            Parallel.For(0, unique.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, StatOne);
        else
            for (int i = 0; i < unique.Count; i++) StatOne(i);
        var unresolved = new List<int>();
        for (int i = 0; i < unique.Count; i++)
            if (!vouched[i]) unresolved.Add(i);

        if (unresolved.Count > 0)
        {
            // Then the shared stat cache (another project may have hashed the file already), then the file itself.
            var cache = statCache();
            var toHash = new List<int>();
            foreach (int i in unresolved)
            {
                if (trustStatData && cache.TryGetTrusted(unique[i].Path, statuses[i], out _)) Resolve(i);
                else toHash.Add(i);
            }
            if (toHash.Count >= ParallelThreshold)
                Parallel.ForEach(toHash, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Resolve);
            else
                foreach (int i in toHash) Resolve(i);

            void Resolve(int i)
            {
                var input = unique[i];
                var status = statuses[i];
                try
                {
                    var hash = trustStatData ? cache.GetHash(input.Path, status) : cache.HashByContent(input.Path, status);
                    cache.TryGetEntry(input.Path, out var known);
                    entries[i] = new FileEntry(input.Path, (byte)input.Kind, status.Length, status.LastWriteTicksUtc,
                        known is not null && known.Hash == hash && known.Status == status ? known.RecordedTicksUtc : 0, hash, status.Identity);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors[i] = e.Message;
                    entries[i] = new FileEntry(input.Path, (byte)input.Kind, status.Length, status.LastWriteTicksUtc, 0, default, status.Identity);
                }
            }
        }

        var changes = new List<FileChange>();
        int timestampOnly = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            var now = entries[i];
            if (errors[i] is { } message)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.InputUnreadable,
                    $"Could not read input '{now.Path}' ({message}); FlowForge treats it as changed. Check the file's permissions or whether another process holds it locked.",
                    now.Path));
            }
            if (previous is null) continue;
            if (!previousByPath.Remove(now.Path, out var before))
                changes.Add(new FileChange(now.Path, (InputKind)now.Kind, ChangeKind.Added));
            else if (before.Hash != now.Hash || now.Hash.IsZero)
                changes.Add(new FileChange(now.Path, (InputKind)now.Kind, ChangeKind.Modified));
            else if (before.Length != now.Length || before.LastWriteTicksUtc != now.LastWriteTicksUtc)
                timestampOnly++;
        }
        if (previous is not null)
        {
            // What is left was in the previous build and is not an input now; report in manifest order.
            foreach (var e in previous.Entries)
                if (previousByPath.ContainsKey(e.Path))
                    changes.Add(new FileChange(e.Path, (InputKind)e.Kind, ChangeKind.Removed));
        }

        return new ChangeReport
        {
            Current = new InputManifest(entries),
            HadPreviousBuild = previous is not null,
            Changes = changes,
            TimestampOnlyChanges = timestampOnly,
            Diagnostics = diagnostics,
        };
    }
}
