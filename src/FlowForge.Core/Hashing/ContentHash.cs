using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FlowForge.Core.Hashing;

/// <summary>
/// A SHA-256 digest. The only place that knows which hash FlowForge uses: SHA-256 is what the
/// Bazel remote-cache layout requires, and System.IO.Hashing is not available to us.
/// Stored as four 64-bit words so equality and dictionary lookups cost no allocation.
/// </summary>
public readonly struct ContentHash : IEquatable<ContentHash>, IComparable<ContentHash>
{
    public const int ByteLength = 32;
    public const int HexLength = 64;

    private readonly ulong _a, _b, _c, _d;

    public ContentHash(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != ByteLength)
            throw new ArgumentException($"A SHA-256 digest has {ByteLength} bytes, not {digest.Length}.", nameof(digest));
        _a = BinaryPrimitives.ReadUInt64BigEndian(digest);
        _b = BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(digest[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(digest[24..]);
    }

    /// <summary>The hash of zero bytes; also what <c>default</c> is NOT (default is all zeros, "no hash").</summary>
    public static ContentHash Empty { get; } = Of(ReadOnlySpan<byte>.Empty);

    public bool IsZero => (_a | _b | _c | _d) == 0;

    public static ContentHash Of(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[ByteLength];
        SHA256.HashData(data, digest);
        return new ContentHash(digest);
    }

    public static ContentHash Of(string text) => Of(System.Text.Encoding.UTF8.GetBytes(text));

    public static ContentHash Of(Stream stream)
    {
        Span<byte> digest = stackalloc byte[ByteLength];
        SHA256.HashData(stream, digest);
        return new ContentHash(digest);
    }

    /// <summary>Hashes a file's bytes. Opens with FileShare.ReadWrite|Delete so a build never blocks an editor.</summary>
    public static ContentHash OfFile(string path)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0, // SHA256.HashData(Stream) reads in large blocks itself
            Options = FileOptions.SequentialScan,
        });
        return Of(stream);
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Lower-case hex, the form used in file names, records and the remote cache's URLs.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        WriteTo(bytes);
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    public string ToShortString() => ToString()[..12];

    public static bool TryParse(string? hex, out ContentHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != HexLength) return false;
        Span<byte> bytes = stackalloc byte[ByteLength];
        for (int i = 0; i < ByteLength; i++)
        {
            int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return false;
            bytes[i] = (byte)((hi << 4) | lo);
        }
        hash = new ContentHash(bytes);
        return true;
    }

    public static ContentHash Parse(string hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException($"'{hex}' is not a 64-digit hex SHA-256 hash.");

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public bool Equals(ContentHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;
    public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);
    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);
    public int CompareTo(ContentHash other)
    {
        int c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }
    public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);
    public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);
}
