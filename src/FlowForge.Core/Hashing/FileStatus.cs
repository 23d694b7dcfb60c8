namespace FlowForge.Core.Hashing;

/// <summary>
/// What one stat call tells about a file: enough to decide whether a cached hash still holds. <see cref="LastWriteTicksUtc"/>
/// is the mtime as .NET reports it (what MSBuild compares and what <c>File.SetLastWriteTimeUtc</c> sets);
/// <see cref="Identity"/> adds what git's index keeps (full-precision mtime, ctime, inode, device).
/// </summary>
public sealed record FileStatus(bool Exists, long Length, long LastWriteTicksUtc, FileIdentity Identity = default)
{
    public static FileStatus Missing { get; } = new(false, -1, 0);

    /// <summary>One stat (statx on Linux, stat on macOS, one handle query on Windows); falls back to <see cref="FileInfo"/>
    /// with an unknown identity where the platform call is not available.</summary>
    public static FileStatus Of(string path) => NativeFileStat.TryStat(path, out var status) ? status : OfFileInfo(path);

    /// <summary>Size and mtime only, identity unknown: such a status never vouches for a cached hash.</summary>
    internal static FileStatus OfFileInfo(string path)
    {
        var info = new FileInfo(path);
        // One stat: FileInfo caches Exists/Length/LastWriteTime from the same call.
        return info.Exists ? new FileStatus(true, info.Length, info.LastWriteTimeUtc.Ticks) : Missing;
    }

    /// <summary>The later of mtime and ctime, in ticks: a hash taken within the racy window of it is not trusted.</summary>
    public long LatestChangeTicksUtc => Identity.IsKnown ? Math.Max(LastWriteTicksUtc, Identity.ChangedTicksUtc) : LastWriteTicksUtc;
}
