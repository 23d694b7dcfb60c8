using System.Collections.Concurrent;
using System.Diagnostics;

namespace FlowForge.Caching;

/// <summary>
/// The store's one lock, taken only around size-index updates, eviction and deletions — never around blob copies.
/// Two layers: an in-process semaphore (threads of one MSBuild node wait without polling) and an exclusive lock file
/// across processes, retried with exponential backoff (100 ms doubling to 2 s) for a bounded total wait, after which
/// the caller gives up with a warning instead of hanging the build. The OS drops the file lock of a killed process.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate;
    private Stream? _file;

    private StoreLock(SemaphoreSlim gate, Stream file)
    {
        _gate = gate;
        _file = file;
    }

    /// <summary>Returns the held lock, or null when <paramref name="timeout"/> passed. I/O errors other than
    /// "held by another process" propagate (an unwritable cache is reported as such, not as a timeout).</summary>
    public static StoreLock? TryAcquire(string lockPath, TimeSpan timeout, CacheFileSystem fileSystem)
    {
        var stopwatch = Stopwatch.StartNew();
        var gate = InProcess.GetOrAdd(lockPath, _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(timeout)) return null;
        try
        {
            var delay = TimeSpan.FromMilliseconds(100);
            while (true)
            {
                try
                {
                    return new StoreLock(gate, fileSystem.OpenExclusive(lockPath));
                }
                catch (IOException e) when (IsSharingViolation(e))
                {
                    var left = timeout - stopwatch.Elapsed;
                    if (left <= TimeSpan.Zero) break;
                    Thread.Sleep(delay < left ? delay : left);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
        gate.Release();
        return null;
    }

    public void Dispose()
    {
        var file = Interlocked.Exchange(ref _file, null);
        if (file is null) return;
        file.Dispose();
        _gate.Release();
    }

    // FileNotFound/DirectoryNotFound/UnauthorizedAccess are real errors; a plain IOException on an exclusive
    // open is the lock being held (EWOULDBLOCK on Unix, ERROR_SHARING_VIOLATION 32 / LOCK_VIOLATION 33 on Windows).
    // A full disk or a folder that cannot be written (a read-only mount) is not: waiting would only cost the timeout.
    private static bool IsSharingViolation(IOException e) =>
        e is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException &&
        !StoreErrors.IsDiskFull(e) && !StoreErrors.IsNotWritable(e);
}
