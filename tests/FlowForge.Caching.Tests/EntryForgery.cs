using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FlowForge.Caching.Tests;

/// <summary>
/// What an attacker with write access to a cache (local folder or remote) can do without the key: edit an action entry
/// and recompute its unkeyed SHA-256 checksum, keeping or dropping the signature. Shared with the end-to-end tests.
/// </summary>
public static class EntryForgery
{
    /// <summary>
    /// Returns <paramref name="entryBytes"/> with the entry body changed by <paramref name="edit"/> and a valid checksum.
    /// The signature field is kept as it was (<paramref name="keepSignature"/>) or dropped.
    /// </summary>
    public static byte[] Forge(byte[] entryBytes, Action<JsonObject> edit, bool keepSignature = true)
    {
        var outer = JsonNode.Parse(entryBytes)!.AsObject();
        var entry = outer["entry"]!.AsObject();
        edit(entry);
        var body = entry.ToJsonString();
        var checksum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        var signature = keepSignature && outer["hmac"] is { } hmac ? $",\"hmac\":\"{hmac.GetValue<string>()}\"" : "";
        return Encoding.UTF8.GetBytes($"{{\"sha256\":\"{checksum}\"{signature},\"entry\":{body}}}");
    }

    /// <summary>Points the output whose path ends with <paramref name="pathSuffix"/> at another blob (hash and size).</summary>
    public static Action<JsonObject> RedirectOutput(string pathSuffix, string blobHash, long size) => entry =>
    {
        foreach (var file in entry["files"]!.AsArray())
        {
            if (!file!["path"]!.GetValue<string>().EndsWith(pathSuffix, StringComparison.Ordinal)) continue;
            file["hash"] = blobHash;
            file["size"] = size;
        }
    };
}
