namespace FlowForge.Caching;

/// <summary>
/// Every file-system call the cache makes goes through this class so tests can inject faults
/// (disk full, access denied) — tests run as root, where permissions do not block writes.
/// The default instance, <see cref="Physical"/>, is the real file system.
/// </summary>
public class CacheFileSystem
{
    /// <summary>The real file system.</summary>
    public static CacheFileSystem Physical { get; } = new();

    /// <summary>Opens a file for reading, sharing it so a concurrent delete/rename never fails the reader.</summary>
    public virtual Stream OpenRead(string path) => new FileStream(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
        Options = FileOptions.SequentialScan,
    });

    /// <summary>Creates a new file for writing (temp files: the name is unique, so CreateNew).</summary>
    public virtual Stream CreateNew(string path) => new FileStream(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        BufferSize = 0,
    });

    /// <summary>Opens (creating if needed) a lock file exclusively. On Unix .NET takes an advisory flock, which the
    /// kernel releases when the process dies, so a killed build never leaves a stale lock.</summary>
    public virtual Stream OpenExclusive(string path) =>
        new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);

    public virtual byte[] ReadAllBytes(string path) => File.ReadAllBytes(path);

    /// <summary>Renames atomically (same volume). Overwriting is how content-addressed writes stay idempotent.</summary>
    public virtual void Move(string source, string destination, bool overwrite) => File.Move(source, destination, overwrite);

    public virtual void Delete(string path) => File.Delete(path);

    public virtual bool FileExists(string path) => File.Exists(path);

    public virtual void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public virtual void DeleteDirectory(string path) => Directory.Delete(path, recursive: true);

    public virtual void SetLastWriteTimeUtc(string path, DateTime time) => File.SetLastWriteTimeUtc(path, time);

    /// <summary>Size in bytes, or -1 if the file does not exist.</summary>
    public virtual long GetLength(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : -1;
    }

    /// <summary>
    /// Appends bytes in one write, never over another writer's line. .NET's FileMode.Append does not open with O_APPEND:
    /// it takes the length at open and writes at that offset, so two builds appending at once (writer.log, stats.log)
    /// would write at one offset and lose a line. The exclusive share mode (flock LOCK_EX on Unix, a share lock on
    /// Windows) makes "find the end, write" one step; a writer that finds the file held retries for a moment.
    /// </summary>
    public virtual void Append(string path, ReadOnlySpan<byte> bytes)
    {
        for (int attempt = 0; ; attempt++)
        {
            FileStream stream;
            try { stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 1); }
            catch (IOException e) when (attempt < AppendAttempts && e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                // Held by another writer for the microseconds of its write (a full disk fails the write, not the open).
                Thread.Sleep(1 + attempt % 5);
                continue;
            }
            using (stream) stream.Write(bytes);
            return;
        }
    }

    /// <summary>About half a second of retries before an append gives up (the logs are best effort).</summary>
    private const int AppendAttempts = 150;

    /// <summary>
    /// Keeps the newer half of an append-only log (from the first line that starts at or past its middle) once it is longer
    /// than <paramref name="maxBytes"/>. The log is rewritten in place while holding the exclusive lock
    /// <see cref="Append"/> takes, so an append waits and lands after the kept half. A trimmed copy renamed over the log
    /// would lose a line: an append that opened the old file just before the rename writes into the unlinked one.
    /// Returns false, doing nothing, while another writer holds the log (a later append trims it). A process killed in
    /// the middle of the rewrite can leave one cut line (which the readers skip) and some repeated ones: best-effort logs.
    /// A log that is short enough costs one stat, never the lock.
    /// </summary>
    public virtual bool TrimLog(string path, long maxBytes)
    {
        if (GetLength(path) <= maxBytes) return true;
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1); }
        catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
                                    && !StoreErrors.IsNotWritable(e))
        {
            return false;
        }
        using (stream)
        {
            if (stream.Length <= maxBytes) return true;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            // The first line that starts at or past the middle: just after the last newline before it.
            int start = Array.IndexOf(bytes, (byte)'\n', Math.Max(0, bytes.Length / 2 - 1)) + 1;
            if (start <= 0) start = bytes.Length;
            stream.Position = 0;
            stream.Write(bytes, start, bytes.Length - start);
            stream.SetLength(bytes.Length - start);
        }
        return true;
    }

    /// <summary>Whether the file carries the owner-execute bit (always false on Windows).</summary>
    public virtual bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;

    /// <summary>Adds the execute bits where read bits are set (no-op on Windows).</summary>
    public virtual void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserRead) != 0) mode |= UnixFileMode.UserExecute;
        if ((mode & UnixFileMode.GroupRead) != 0) mode |= UnixFileMode.GroupExecute;
        if ((mode & UnixFileMode.OtherRead) != 0) mode |= UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Lists the files directly or indirectly under <paramref name="directory"/> with size and mtime,
    /// from the directory enumeration itself (no extra stat per file on Windows).</summary>
    public virtual IEnumerable<CacheFileInfo> EnumerateFiles(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return new System.IO.Enumeration.FileSystemEnumerable<CacheFileInfo>(
            directory,
            (ref System.IO.Enumeration.FileSystemEntry e) => new CacheFileInfo(e.ToFullPath(), e.Length, e.LastWriteTimeUtc.UtcDateTime),
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry e) => !e.IsDirectory,
        };
    }
}

/// <summary>A file found by <see cref="CacheFileSystem.EnumerateFiles"/>.</summary>
public sealed record CacheFileInfo(string Path, long Length, DateTime LastWriteTimeUtc);
