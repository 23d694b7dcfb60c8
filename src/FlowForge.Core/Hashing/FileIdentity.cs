namespace FlowForge.Core.Hashing;

/// <summary>
/// What git's index keeps about a file besides its size: modification time at full precision, change time (ctime;
/// Windows: ChangeTime), file id (inode; Windows: the 128-bit file id) and device (Windows: volume serial number).
/// Putting an mtime back (<c>touch -r</c>, <c>cp -p</c>, <c>rsync -a</c>, a restored backup) cannot put back the change
/// time, and replacing a file by rename gives it another inode: a cached hash holds only while all of these are equal.
/// Times are nanoseconds since the Unix epoch on every platform. <see cref="IsKnown"/> is false where the platform
/// call is not available: such a status never vouches for a cached hash.
/// </summary>
public readonly record struct FileIdentity(bool IsKnown, long ModifiedNanoseconds, long ChangedNanoseconds, ulong FileId, ulong FileIdHigh, ulong Device)
{
    /// <summary>No identity could be read: every cached hash of the file is re-checked by content.</summary>
    public static FileIdentity Unknown => default;

    /// <summary>The change time in <see cref="DateTime"/> ticks (UTC), for the racy-mtime guard.</summary>
    public long ChangedTicksUtc => DateTime.UnixEpoch.Ticks + ChangedNanoseconds / 100;
}
