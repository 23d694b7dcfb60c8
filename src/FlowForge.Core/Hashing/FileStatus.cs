namespace FlowForge.Core.Hashing;

/// <summary>What one stat call tells about a file: enough to decide whether a cached hash still holds.</summary>
public readonly record struct FileStatus(bool Exists, long Length, long LastWriteTicksUtc)
{
    public static FileStatus Missing { get; } = new(false, -1, 0);

    public static FileStatus Of(string path)
    {
        var info = new FileInfo(path);
        // One stat: FileInfo caches Exists/Length/LastWriteTime from the same call.
        return info.Exists ? new FileStatus(true, info.Length, info.LastWriteTimeUtc.Ticks) : Missing;
    }
}
