using System.Security.Cryptography;
using System.Text;

namespace FlowForge.Core.Hashing;

/// <summary>
/// Builds one hash over a sequence of fields (a canonical record). Every field is length-prefixed
/// so that ("ab","c") and ("a","bc") never hash alike.
/// </summary>
public sealed class ContentHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _scratch = new byte[ContentHash.ByteLength];

    public ContentHasher Add(string? text)
    {
        text ??= "\u0000null";
        var bytes = Encoding.UTF8.GetBytes(text);
        AddLength(bytes.Length);
        _hash.AppendData(bytes);
        return this;
    }

    public ContentHasher Add(ContentHash hash)
    {
        hash.WriteTo(_scratch);
        _hash.AppendData(_scratch);
        return this;
    }

    public ContentHasher Add(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _hash.AppendData(bytes);
        return this;
    }

    private void AddLength(int length) => Add((long)length);

    public ContentHash Finish()
    {
        Span<byte> digest = stackalloc byte[ContentHash.ByteLength];
        _hash.GetHashAndReset(digest);
        return new ContentHash(digest);
    }

    public void Dispose() => _hash.Dispose();
}
