using System.Buffers.Binary;
using System.Text;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Chunked;

/// <summary>One piece of a chunked file: the SHA-256 of its bytes (its blob name in <c>cas/</c>) and its length.</summary>
public readonly record struct ChunkRef(ContentHash Hash, int Length);

/// <summary>
/// How a large file is kept in the store: the whole file's SHA-256 and length, and the ordered chunks whose
/// concatenation is the file. Serialized as a small self-checking binary file (format in docs/chunking.md):
/// <code>
/// "FFCHUNK1" | file length (int64 LE) | file SHA-256 (32) | chunk count (int32 LE) | count × (length int32 LE, SHA-256 32) | SHA-256 of everything before (32)
/// </code>
/// Locally it lives at <c>chunks/&lt;2 hex&gt;/&lt;file sha256&gt;</c>; remotely at <c>/ac/&lt;RemoteKey&gt;</c>.
/// </summary>
public sealed class ChunkList
{
    private static ReadOnlySpan<byte> Magic => "FFCHUNK1"u8;
    private const int HeaderLength = 8 + 8 + ContentHash.ByteLength + 4;
    private const int ItemLength = 4 + ContentHash.ByteLength;

    /// <summary>Prefix of the remote key, so a chunk list can never collide with an action entry's fingerprint.</summary>
    private static readonly byte[] RemoteKeySalt = Encoding.UTF8.GetBytes("flowforge-chunk-list/v1\n");

    public ChunkList(ContentHash fileHash, long fileLength, IReadOnlyList<ChunkRef> chunks)
    {
        FileHash = fileHash;
        FileLength = fileLength;
        Chunks = chunks;
    }

    /// <summary>SHA-256 of the whole file (what action entries name).</summary>
    public ContentHash FileHash { get; }

    public long FileLength { get; }

    public IReadOnlyList<ChunkRef> Chunks { get; }

    /// <summary>The <c>/ac/</c> key of a file's chunk list on the remote: SHA-256("flowforge-chunk-list/v1\n" ‖ file hash).</summary>
    public static ContentHash RemoteKey(ContentHash fileHash)
    {
        Span<byte> buffer = stackalloc byte[RemoteKeySalt.Length + ContentHash.ByteLength];
        RemoteKeySalt.CopyTo(buffer);
        fileHash.WriteTo(buffer[RemoteKeySalt.Length..]);
        return ContentHash.Of(buffer);
    }

    public byte[] Serialize()
    {
        var bytes = new byte[HeaderLength + Chunks.Count * ItemLength + ContentHash.ByteLength];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], FileLength);
        FileHash.WriteTo(span[16..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[(16 + ContentHash.ByteLength)..], Chunks.Count);
        int at = HeaderLength;
        foreach (var chunk in Chunks)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], chunk.Length);
            chunk.Hash.WriteTo(span[(at + 4)..]);
            at += ItemLength;
        }
        ContentHash.Of(span[..at]).WriteTo(span[at..]);
        return bytes;
    }

    /// <summary>
    /// Parses and checks a chunk list: magic, checksum, that it describes <paramref name="expectedFileHash"/>, and that
    /// the chunk lengths add up to the file length. Returns null with a reason otherwise (the caller treats it as a miss).
    /// </summary>
    public static ChunkList? TryParse(ReadOnlySpan<byte> bytes, ContentHash expectedFileHash, out string? reason)
    {
        reason = null;
        if (bytes.Length < HeaderLength + ContentHash.ByteLength || !bytes.StartsWith(Magic)) { reason = "it is not a FlowForge chunk list"; return null; }
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[(16 + ContentHash.ByteLength)..]);
        if (count <= 0 || (long)HeaderLength + (long)count * ItemLength + ContentHash.ByteLength != bytes.Length)
        { reason = "its length does not match its chunk count"; return null; }
        int end = HeaderLength + count * ItemLength;
        if (ContentHash.Of(bytes[..end]) != new ContentHash(bytes.Slice(end, ContentHash.ByteLength)))
        { reason = "its content does not match its checksum"; return null; }
        long fileLength = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        var fileHash = new ContentHash(bytes.Slice(16, ContentHash.ByteLength));
        if (fileHash != expectedFileHash) { reason = "it describes another file"; return null; }
        var chunks = new ChunkRef[count];
        long total = 0;
        for (int i = 0, at = HeaderLength; i < count; i++, at += ItemLength)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            if (length <= 0) { reason = "a chunk has no length"; return null; }
            chunks[i] = new ChunkRef(new ContentHash(bytes.Slice(at + 4, ContentHash.ByteLength)), length);
            total += length;
        }
        if (total != fileLength) { reason = "its chunks do not add up to the file length"; return null; }
        return new ChunkList(fileHash, fileLength, chunks);
    }
}
