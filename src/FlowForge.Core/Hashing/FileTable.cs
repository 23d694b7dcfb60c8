using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FlowForge.Core.Hashing;

/// <summary>
/// One file's stat data (size, mtime and the rest of its <see cref="FileIdentity"/>) and content hash, with the time
/// the hash was taken (for the racy guard).
/// </summary>
public sealed record FileEntry(string Path, byte Kind, long Length, long LastWriteTicksUtc, long RecordedTicksUtc, ContentHash Hash,
    FileIdentity Identity = default)
{
    /// <summary>
    /// The hash holds only while the file's whole identity is unchanged, as git's index decides: size, mtime at full
    /// precision, ctime, inode and device (an mtime put back by <c>touch -r</c> or <c>cp -p</c> cannot put back the
    /// ctime). Without a known identity nothing is trusted. A hash taken within <see cref="StatCache.RacyWindow"/> of
    /// the file's last change may predate a second write in the same timestamp tick (the "racy git" problem): it is
    /// not trusted either.
    /// </summary>
    public bool IsTrustedFor(in FileStatus status) =>
        status.Exists && status.Identity.IsKnown && status.Identity == Identity &&
        status.Length == Length && status.LastWriteTicksUtc == LastWriteTicksUtc &&
        RecordedTicksUtc - status.LatestChangeTicksUtc >= StatCache.RacyWindow.Ticks;

    /// <summary>The stat data this entry was recorded with.</summary>
    public FileStatus Status => Length < 0 ? FileStatus.Missing : new FileStatus(true, Length, LastWriteTicksUtc, Identity);
}

/// <summary>
/// The compact binary form shared by the stat cache and the per-project input manifest:
/// magic, version, count, entries, then a SHA-256 of all of it. Anything that does not check out
/// (wrong magic, short read, bad checksum, absurd lengths) is reported as corrupt, never half-read; a table of an
/// earlier version (version 1 kept no file identity) is reported as outdated, to be discarded without a warning.
/// </summary>
public static class FileTable
{
    private const int Version = 2;

    public static byte[] Serialize(ReadOnlySpan<byte> magic, IReadOnlyCollection<FileEntry> entries)
    {
        using var buffer = new MemoryStream(64 + entries.Count * 128);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(magic);
            writer.Write(Version);
            writer.Write(entries.Count);
            Span<byte> hash = stackalloc byte[ContentHash.ByteLength];
            foreach (var e in entries)
            {
                writer.Write(e.Path);
                writer.Write(e.Kind);
                writer.Write(e.Length);
                writer.Write(e.LastWriteTicksUtc);
                writer.Write(e.RecordedTicksUtc);
                e.Hash.WriteTo(hash);
                writer.Write(hash);
                writer.Write(e.Identity.IsKnown);
                writer.Write(e.Identity.ModifiedNanoseconds);
                writer.Write(e.Identity.ChangedNanoseconds);
                writer.Write(e.Identity.FileId);
                writer.Write(e.Identity.FileIdHigh);
                writer.Write(e.Identity.Device);
            }
        }
        var body = buffer.ToArray();
        var result = new byte[body.Length + ContentHash.ByteLength];
        body.CopyTo(result, 0);
        SHA256.HashData(body, result.AsSpan(body.Length));
        return result;
    }

    /// <returns>The entries, or null with a reason when the bytes are not a valid table.</returns>
    public static List<FileEntry>? Deserialize(ReadOnlySpan<byte> magic, byte[] data, out string? reason) =>
        Deserialize(magic, data, out reason, out _);

    /// <param name="outdated">True when the table is intact but of an earlier format version: discard it silently.</param>
    public static List<FileEntry>? Deserialize(ReadOnlySpan<byte> magic, byte[] data, out string? reason, out bool outdated)
    {
        reason = null;
        outdated = false;
        int minimum = magic.Length + 8 + ContentHash.ByteLength;
        if (data.Length < minimum) { reason = $"file is {data.Length} bytes, too short"; return null; }
        var body = data.AsSpan(0, data.Length - ContentHash.ByteLength);
        Span<byte> expected = stackalloc byte[ContentHash.ByteLength];
        SHA256.HashData(body, expected);
        if (!expected.SequenceEqual(data.AsSpan(body.Length))) { reason = "checksum mismatch"; return null; }
        if (!body[..magic.Length].SequenceEqual(magic)) { reason = "unknown file format"; return null; }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data, 0, body.Length, writable: false), Encoding.UTF8);
            reader.ReadBytes(magic.Length);
            int version = reader.ReadInt32();
            if (version != Version)
            {
                reason = $"format version {version}, expected {Version}";
                outdated = version is > 0 and < Version;
                return null;
            }
            int count = reader.ReadInt32();
            if (count < 0 || count > body.Length / 80) { reason = $"entry count {count} is impossible"; return null; }
            var entries = new List<FileEntry>(count);
            for (int i = 0; i < count; i++)
            {
                string path = reader.ReadString();
                byte kind = reader.ReadByte();
                long length = reader.ReadInt64(), mtime = reader.ReadInt64(), recorded = reader.ReadInt64();
                var hash = new ContentHash(reader.ReadBytes(ContentHash.ByteLength));
                var identity = new FileIdentity(reader.ReadBoolean(), reader.ReadInt64(), reader.ReadInt64(),
                    reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
                entries.Add(new FileEntry(path, kind, length, mtime, recorded, hash, identity));
            }
            if (reader.BaseStream.Position != body.Length) { reason = "trailing bytes"; return null; }
            return entries;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            reason = "truncated entry";
            return null;
        }
    }
}
