using System.Security.Cryptography;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Chunked;

/// <summary>
/// Reads a chunked file as one stream by concatenating its chunk blobs, verifying each chunk's SHA-256 and length
/// when its end is reached. A bad chunk throws <see cref="CorruptChunkException"/> before any byte past it is read,
/// so the caller (which also verifies the whole file's hash) can delete exactly that chunk.
/// </summary>
internal sealed class ChunkedContentStream(ChunkList list, Func<ContentHash, Stream> openChunk) : Stream
{
    private int _index = -1;
    private Stream? _current;
    private IncrementalHash? _hash;
    private long _readInChunk;
    private long _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_current is null && !OpenNext()) return 0;
            var chunk = list.Chunks[_index];
            int read = _current!.Read(buffer);
            if (read > 0)
            {
                _hash!.AppendData(buffer[..read]);
                _readInChunk += read;
                _position += read;
                if (_readInChunk > chunk.Length) throw new CorruptChunkException(chunk.Hash, false, "it is longer than listed");
                return read;
            }
            // End of this chunk: check it before moving on.
            var digest = _hash!.GetHashAndReset();
            if (_readInChunk != chunk.Length || new ContentHash(digest) != chunk.Hash)
                throw new CorruptChunkException(chunk.Hash, false, "its bytes do not match its hash");
            _current.Dispose();
            _current = null;
        }
    }

    private bool OpenNext()
    {
        if (_index + 1 >= list.Chunks.Count) return false;
        _index++;
        _current = openChunk(list.Chunks[_index].Hash);
        _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _readInChunk = 0;
        return true;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => list.FileLength;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _hash?.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>A chunk blob did not match its hash, or a chunk list was unusable. An IOException so every existing
/// "I/O failure = miss" path treats it safely; the store catches it first to delete the bad file and warn.</summary>
internal sealed class CorruptChunkException(ContentHash hash, bool isList, string reason)
    : IOException(isList ? $"chunk list {hash.ToShortString()} is unusable: {reason}" : $"chunk {hash.ToShortString()} is corrupt: {reason}")
{
    /// <summary>The chunk's hash, or for a list the file hash it is named by.</summary>
    public ContentHash Hash { get; } = hash;
    public bool IsList { get; } = isList;
    public string Reason { get; } = reason;
}
