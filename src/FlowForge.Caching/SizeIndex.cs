using System.Buffers.Binary;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>Totals of a store: bytes of blobs and entries together, number of action entries, number of blobs.</summary>
public readonly record struct StoreTotals(long Bytes, long Entries, long Blobs)
{
    public StoreTotals Add(long bytes, long entries, long blobs) =>
        new(Math.Max(0, Bytes + bytes), Math.Max(0, Entries + entries), Math.Max(0, Blobs + blobs));
}

/// <summary>
/// The incrementally maintained size index: a 48-byte file (magic, version, totals, checksum) rewritten
/// atomically under the store lock on every store and eviction. Reading it is one small read, so a size query
/// costs the same at 100 and at 100,000 entries. LRU order is not kept here: it is the files' own mtimes (a hit
/// touches them), read only when eviction runs. The index is rebuilt by scanning only when missing or corrupt;
/// drift from a process killed between a rename and the index write is corrected by the next eviction's scan.
/// </summary>
internal static class SizeIndex
{
    private const uint Magic = 0x58494646; // "FFIX"
    private const int Version = 1;
    private const int Length = 48;

    public static bool TryRead(CacheFileSystem fileSystem, string path, out StoreTotals totals)
    {
        totals = default;
        byte[] bytes;
        try { bytes = fileSystem.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return false; }
        if (bytes.Length != Length) return false;
        var span = bytes.AsSpan();
        if (BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic || BinaryPrimitives.ReadInt32LittleEndian(span[4..]) != Version) return false;
        if (BinaryPrimitives.ReadUInt64LittleEndian(span[32..]) != Checksum(span[..32])) return false;
        long bytesTotal = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        long entries = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
        long blobs = BinaryPrimitives.ReadInt64LittleEndian(span[24..]);
        if (bytesTotal < 0 || entries < 0 || blobs < 0) return false;
        totals = new StoreTotals(bytesTotal, entries, blobs);
        return true;
    }

    /// <summary>Writes the index via temp + rename. Caller holds the store lock.</summary>
    public static void Write(CacheFileSystem fileSystem, string path, StoreTotals totals)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], totals.Bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], totals.Entries);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[24..], totals.Blobs);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[32..], Checksum(bytes[..32]));
        var temp = StoreLayout.TempPathFor(path);
        try
        {
            using (var stream = fileSystem.CreateNew(temp)) stream.Write(bytes);
            fileSystem.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(fileSystem, temp);
            throw;
        }
    }

    /// <summary>Counts what is really on disk (temp files excluded); chunk lists count as blobs.</summary>
    public static StoreTotals Scan(CacheFileSystem fileSystem, StoreLayout layout)
    {
        long bytes = 0, entries = 0, blobs = 0;
        foreach (var file in fileSystem.EnumerateFiles(layout.AcRoot))
        {
            if (StoreLayout.IsTempName(file.Path)) continue;
            bytes += file.Length;
            entries++;
        }
        foreach (var file in fileSystem.EnumerateFiles(layout.CasRoot).Concat(fileSystem.EnumerateFiles(layout.ChunkListRoot)))
        {
            if (StoreLayout.IsTempName(file.Path)) continue;
            bytes += file.Length;
            blobs++;
        }
        return new StoreTotals(bytes, entries, blobs);
    }

    private static ulong Checksum(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt64LittleEndian(ContentHash.Of(data).ToBytes());

    private static void TryDelete(CacheFileSystem fileSystem, string path)
    {
        try { fileSystem.Delete(path); } catch (Exception e) when (StoreErrors.IsIoFailure(e)) { }
    }
}
