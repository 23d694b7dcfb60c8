using System.Globalization;
using System.Text;

namespace FlowForge.Caching;

/// <summary>
/// A small append-only log of lookups ("H &lt;unix ms&gt; &lt;bytes&gt;" / "M &lt;unix ms&gt;"), one line per event. Each
/// append holds the file's own lock for its one write, never the store lock; past <see cref="MaxBytes"/> the store trims
/// the file to its newer half in place under that same file lock (<see cref="CacheFileSystem.TrimLog"/>). Statistics
/// are best effort: failures here are ignored, never reported.
/// </summary>
internal sealed class StatsLog(CacheFileSystem fileSystem, string path, bool enabled)
{
    public const int MaxBytes = 64 * 1024;

    public void RecordHit(long bytes) => Append($"H {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {bytes}\n");

    public void RecordMiss() => Append($"M {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n");

    public (int Hits, int Misses, long BytesRestored) Read()
    {
        int hits = 0, misses = 0;
        long bytes = 0;
        string text;
        try { text = Encoding.UTF8.GetString(fileSystem.ReadAllBytes(path)); }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { return (0, 0, 0); }
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "H" && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                hits++;
                bytes += b;
            }
            else if (parts.Length == 2 && parts[0] == "M") misses++;
        }
        return (hits, misses, bytes);
    }

    /// <summary>Keeps the newer half when the log grew too large (in place, under the appenders' own lock).</summary>
    public void TrimIfLarge()
    {
        try
        {
            fileSystem.TrimLog(path, MaxBytes);
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { }
    }

    private void Append(string line)
    {
        if (!enabled) return; // a read-only store writes nothing, statistics included
        try { fileSystem.Append(path, Encoding.ASCII.GetBytes(line)); }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { }
    }
}
