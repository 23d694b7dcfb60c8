namespace FlowForge.Core.Tests;

/// <summary>A fresh folder under the system temp folder, deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ff-core-" + Guid.NewGuid().ToString("N")[..12]);

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string relative, string? content = null)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        if (content is not null) System.IO.File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Moves a file's mtime into the past so its hash is trusted (outside the racy window).</summary>
    public static void Age(string file, int seconds = 60) =>
        System.IO.File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(-seconds));

    /// <summary>A clock for a stat cache whose hashes count as taken well after every change made so far (an aged
    /// file's ctime is now: only a hash taken past the racy window of it is trusted).</summary>
    public static long Later() => DateTime.UtcNow.Add(Hashing.StatCache.RacyWindow).AddSeconds(1).Ticks;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
