using System.Security.Cryptography;
using System.Text;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// Signs and verifies action entries with HMAC-SHA256 over the fingerprint and the exact entry bytes, with the secret
/// keys of <c>FLOWFORGE_CACHE_KEY</c> (or the file named by <c>FlowForgeCacheKeyFile</c>). The entry's own checksum is an
/// unkeyed SHA-256: anyone who can write the cache can recompute it, so it detects corruption only. A signature can be
/// made only by a holder of a key, so a build that has a key takes only entries written by key holders.
/// <para>
/// Several keys allow rotation: the first signs, every one verifies. Keys never leave this object: <see cref="ToString"/>
/// and <see cref="Id"/> do not reveal them (the id is a hash of a hash, used only to tell settings apart).
/// </para>
/// </summary>
public sealed class EntrySigner
{
    /// <summary>Environment variable with the key(s): separated by ',', ';' or white space; the first signs.</summary>
    public const string KeyVariable = "FLOWFORGE_CACHE_KEY";

    /// <summary>Keys shorter than this are refused: an HMAC is only as strong as its key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Binds a signature to its purpose and format, so it cannot be replayed as any other HMAC of the same key.</summary>
    private static readonly byte[] Domain = "FlowForge action entry v1\n"u8.ToArray();

    private static readonly char[] Separators = [',', ';', ' ', '\t', '\r', '\n'];

    private readonly byte[][] _keys;

    private EntrySigner(byte[][] keys)
    {
        _keys = keys;
        var id = ContentHash.Of(SHA256.HashData(keys.SelectMany(k => SHA256.HashData(k)).ToArray()));
        Id = id.ToShortString();
    }

    /// <summary>How many keys verify (the first of them signs).</summary>
    public int KeyCount => _keys.Length;

    /// <summary>Tells two key sets apart (for sharing one cache per setting) without revealing anything usable.</summary>
    public string Id { get; }

    /// <summary>
    /// Parses a key list. Returns null with no problem for empty text (no key: entries are neither signed nor checked),
    /// and null with a <paramref name="problem"/> (naming where the keys came from, never a key) when a key is too short.
    /// Lines starting with '#' are comments (key files).
    /// </summary>
    public static EntrySigner? Parse(string? text, string source, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        var keys = new List<byte[]>();
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith('#')) continue;
            foreach (var key in line.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                if (key.Length < MinimumKeyLength)
                {
                    problem = $"key {keys.Count + 1} of {source} has {key.Length} characters; a cache key needs at least {MinimumKeyLength} " +
                              "(generate one with `openssl rand -hex 32`)";
                    return null;
                }
                keys.Add(Encoding.UTF8.GetBytes(key));
            }
        }
        if (keys.Count == 0)
        {
            problem = $"{source} holds no key";
            return null;
        }
        return new EntrySigner(keys.ToArray());
    }

    /// <summary>The signature (lower-case hex) of the entry bytes <paramref name="body"/> stored under <paramref name="fingerprint"/>.</summary>
    public string Sign(ContentHash fingerprint, ReadOnlySpan<byte> body) => Convert.ToHexString(Mac(_keys[0], fingerprint, body)).ToLowerInvariant();

    /// <summary>True when <paramref name="signature"/> was made by one of the keys for exactly these bytes under this fingerprint.</summary>
    public bool Verify(ContentHash fingerprint, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null || signature.Length != 64) return false;
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return false; }
        foreach (var key in _keys)
            if (CryptographicOperations.FixedTimeEquals(Mac(key, fingerprint, body), given)) return true;
        return false;
    }

    private static byte[] Mac(byte[] key, ContentHash fingerprint, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Domain);
        hmac.AppendData(Encoding.ASCII.GetBytes(fingerprint.ToString() + "\n"));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <summary>Never shows a key.</summary>
    public override string ToString() => $"EntrySigner({KeyCount} key{(KeyCount == 1 ? "" : "s")}, id {Id})";
}
