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
/// Hashes a project's inputs through the stat cache and compares them with the previous build's
/// manifest. Never throws for bad input: unreadable files become diagnostics and count as changed.
/// </summary>
public static class ChangeDetector
{
    /// <summary>Below this many inputs, a parallel loop costs more than it saves.</summary>
    private const int ParallelThreshold = 64;

    public static ChangeReport Detect(IReadOnlyList<InputFile> inputs, InputManifest? previous, StatCache cache)
    {
        var diagnostics = new List<Diagnostic>();
        var previousByPath = new Dictionary<string, FileEntry>(StatCache.PathComparer);
        if (previous is not null)
        {
            foreach (var e in previous.Entries) previousByPath[e.Path] = e;
        }

        // An input listed twice (e.g. an analyzer config in two lists) is one file: keep the first.
        var unique = new List<InputFile>(inputs.Count);
        var seen = new HashSet<string>(StatCache.PathComparer);
        foreach (var input in inputs)
            if (seen.Add(input.Path)) unique.Add(input);

        var entries = new FileEntry[unique.Count];
        var errors = new string?[unique.Count];
        void HashOne(int i)
        {
            var input = unique[i];
            var status = FileStatus.Of(input.Path);
            if (!status.Exists)
            {
                // A listed input that does not exist: the compiler reports it; we record "no content".
                entries[i] = new FileEntry(input.Path, (byte)input.Kind, -1, 0, 0, default);
                return;
            }
            // A project's own manifest doubles as a stat cache when the shared one is cold.
            if (previousByPath.TryGetValue(input.Path, out var before) && before.IsTrustedFor(status) && !cache.TryGetTrusted(input.Path, status, out _))
            {
                entries[i] = before with { Kind = (byte)input.Kind };
                return;
            }
            try
            {
                var hash = cache.GetHash(input.Path, status);
                cache.TryGetEntry(input.Path, out var known);
                entries[i] = new FileEntry(input.Path, (byte)input.Kind, status.Length, status.LastWriteTicksUtc,
                    known.Hash == hash && known.LastWriteTicksUtc == status.LastWriteTicksUtc ? known.RecordedTicksUtc : 0, hash);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors[i] = e.Message;
                entries[i] = new FileEntry(input.Path, (byte)input.Kind, status.Length, status.LastWriteTicksUtc, 0, default);
            }
        }

        if (unique.Count >= ParallelThreshold)
            Parallel.For(0, unique.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, HashOne);
        else
            for (int i = 0; i < unique.Count; i++) HashOne(i);

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
