using System.Buffers;
using System.Security.Cryptography;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>Copies a stream while hashing it, so verifying a blob costs no second read.</summary>
internal static class HashingCopy
{
    private const int BufferSize = 256 * 1024;

    /// <summary>Copies all of <paramref name="source"/> (destination may be null: hash only) and returns its SHA-256.</summary>
    public static ContentHash Copy(Stream source, Stream? destination, out long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        length = 0;
        try
        {
            int read;
            while ((read = source.Read(buffer, 0, BufferSize)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                destination?.Write(buffer, 0, read);
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        Span<byte> digest = stackalloc byte[ContentHash.ByteLength];
        hash.GetHashAndReset(digest);
        return new ContentHash(digest);
    }

    /// <summary>Async form for network streams; <paramref name="onProgress"/> gets the byte count of each chunk (idle timeouts).</summary>
    public static async Task<(ContentHash Hash, long Length)> CopyAsync(Stream source, Stream destination, Action<int>? onProgress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                length += read;
                onProgress?.Invoke(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (new ContentHash(hash.GetHashAndReset()), length);
    }
}
