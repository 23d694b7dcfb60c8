using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>
/// The cache's record of what the end of each build waited for: <c>writer.log</c> in the cache root, one JSON object a
/// line, written by <see cref="CompileCache.DrainWriter"/> in every MSBuild node that had background stores. The drain
/// runs in MSBuild's end-of-build cleanup, where no task can log any more, so this file (and each project's record) is
/// where the wait is told: how long, for how many stores and bytes, what was dropped when the bound expired
/// (<see cref="CacheDiagnosticCodes.DrainTimedOut"/>), and the background problems no task was left to log. Best
/// effort: a failure to write it is ignored. Trimmed to its newer half past <see cref="MaxBytes"/>.
/// </summary>
public static class WriterLog
{
    public const string FileName = "writer.log";
    public const int MaxBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>One drain, as written to the log.</summary>
    public sealed record Line
    {
        public DateTimeOffset Time { get; init; }
        public int ProcessId { get; init; }
        /// <summary>Stores queued or running when the drain began, and their bytes.</summary>
        public int Stores { get; init; }
        public long Bytes { get; init; }
        public double WaitedMs { get; init; }
        public int Finished { get; init; }
        public int Dropped { get; init; }
        public long DroppedBytes { get; init; }
        public double BoundMs { get; init; }
        /// <summary><see cref="CacheDiagnosticCodes.DrainTimedOut"/> when the bound expired, else null.</summary>
        public string? Code { get; init; }
        public string? Message { get; init; }
        /// <summary>Background problems no task logged ("project: FFnnnn: message").</summary>
        public List<string>? Problems { get; init; }
    }

    /// <summary>The line for <paramref name="drain"/> (also what the tests and the tool read back).</summary>
    public static Line Describe(CacheWriterDrain drain, TimeSpan bound, IReadOnlyList<BackgroundProblem> problems) => new()
    {
        Time = DateTimeOffset.UtcNow,
        ProcessId = Environment.ProcessId,
        Stores = drain.Jobs,
        Bytes = drain.Bytes,
        WaitedMs = Math.Round(drain.Waited.TotalMilliseconds, 1),
        Finished = drain.Finished,
        Dropped = drain.Dropped,
        DroppedBytes = drain.DroppedBytes,
        BoundMs = Math.Round(bound.TotalMilliseconds),
        Code = drain.TimedOut ? CacheDiagnosticCodes.DrainTimedOut : null,
        Message = drain.TimedOut
            ? $"The build waited {drain.Waited.TotalSeconds:0.0} s (FlowForgeCacheDrainTimeout) for the cache's background writer and dropped " +
              $"{drain.Dropped} unfinished store(s) ({drain.DroppedBytes} bytes): nothing partial was published; those projects compile on their " +
              "next cache miss. Raise FlowForgeCacheDrainTimeout, or check the remote cache's speed."
            : null,
        Problems = problems.Count == 0 ? null : problems.Select(p => $"{p.Project}: {p.Diagnostic.Code}: {p.Diagnostic.Message}").ToList(),
    };

    /// <summary>Appends the line for <paramref name="drain"/> to the log of <paramref name="store"/> (not for a read-only store).</summary>
    public static void Append(ContentStore store, CacheWriterDrain drain, TimeSpan bound, IReadOnlyList<BackgroundProblem> problems)
    {
        if (store.Options.ReadOnly) return;
        var path = Path.Combine(store.Root, FileName);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Describe(drain, bound, problems), Json) + "\n");
        try
        {
            store.Options.FileSystem.Append(path, bytes);
            store.Options.FileSystem.TrimLog(path, MaxBytes);
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            // Best effort: the cache works without its log.
        }
    }

    /// <summary>The lines of the log under <paramref name="cacheRoot"/>, oldest first; unreadable lines are skipped.</summary>
    public static List<Line> Read(string cacheRoot)
    {
        var lines = new List<Line>();
        string text;
        try { text = File.ReadAllText(Path.Combine(cacheRoot, FileName)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return lines; }
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize<Line>(raw, Json) is { } line) lines.Add(line);
            }
            catch (JsonException)
            {
                // A line cut by a killed process, or written by another version: skipped.
            }
        }
        return lines;
    }
}
