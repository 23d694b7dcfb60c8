using System.Globalization;
using System.Text.Json;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// Reads and writes action entries as JSON:
/// <c>{"sha256":"&lt;hash of the entry bytes&gt;","hmac":"&lt;signature, with a key&gt;","entry":{"schema":1,"key":…,"toolVersion":…,"createdUtc":…,"files":[{"path","hash","size","executable"}],"diagnostics":[…]}}</c>.
/// The outer hash covers the exact bytes of the "entry" value, so any flipped byte — even one that still
/// parses, such as a digit of a size or a letter of a replayed warning — makes the entry corrupt. The same bytes
/// are what the remote tier stores under <c>/ac/{key}</c>. Parsing is strict: unknown shapes are corrupt, and
/// every path is validated by <see cref="OutputPath"/>.
/// <para>
/// The checksum is unkeyed: it detects corruption, not tampering (whoever can write the cache can recompute it). With an
/// <see cref="EntrySigner"/> an entry also carries <c>"hmac"</c>, an HMAC-SHA256 over the fingerprint and the same bytes,
/// and a reader with a signer refuses an entry without a valid one (<see cref="CacheDiagnosticCodes.UntrustedEntry"/>).
/// Readers without a signer ignore the field, so signed and unsigned builds share one cache and one schema.
/// </para>
/// </summary>
public static class ActionEntrySerializer
{
    /// <summary>Bumped when the format changes; entries of another schema are ignored as misses.</summary>
    public const int Schema = 1;

    /// <param name="signer">With a key configured: signs the entry. Null writes an unsigned entry.</param>
    public static byte[] Serialize(ActionEntry entry, EntrySigner? signer = null)
    {
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema", Schema);
            writer.WriteString("key", entry.Key.ToString());
            writer.WriteString("toolVersion", entry.ToolVersion);
            writer.WriteString("createdUtc", entry.CreatedUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            writer.WriteStartArray("files");
            foreach (var file in entry.Files)
            {
                writer.WriteStartObject();
                writer.WriteString("path", file.RelativePath);
                writer.WriteString("hash", file.Hash.ToString());
                writer.WriteNumber("size", file.Size);
                writer.WriteBoolean("executable", file.Executable);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("diagnostics");
            foreach (var line in entry.Diagnostics) writer.WriteStringValue(line);
            writer.WriteEndArray();
            if (entry.CompileTime > TimeSpan.Zero) writer.WriteNumber("compileMs", (long)entry.CompileTime.TotalMilliseconds);
            writer.WriteEndObject();
        }
        var bodyBytes = body.ToArray();

        var output = new MemoryStream(bodyBytes.Length + 96);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("sha256", ContentHash.Of(bodyBytes).ToString());
            if (signer is not null) writer.WriteString("hmac", signer.Sign(entry.Key, bodyBytes));
            writer.WritePropertyName("entry");
            writer.WriteRawValue(bodyBytes, skipInputValidation: true);
            writer.WriteEndObject();
        }
        return output.ToArray();
    }

    /// <summary>
    /// Parses <paramref name="bytes"/> as the entry for <paramref name="expectedKey"/>. On failure returns null with
    /// <paramref name="code"/> (<see cref="CacheDiagnosticCodes.CorruptEntry"/>, <see cref="CacheDiagnosticCodes.UnsafePath"/>,
    /// or <see cref="CacheDiagnosticCodes.UntrustedEntry"/> when <paramref name="signer"/> is given and the entry is unsigned or
    /// its signature is not one of the keys') and a reason.
    /// </summary>
    public static ActionEntry? TryParse(ReadOnlySpan<byte> bytes, ContentHash expectedKey, out string? code, out string? reason,
        EntrySigner? signer = null)
    {
        code = CacheDiagnosticCodes.CorruptEntry;
        try
        {
            if (!TrySplit(bytes, out var declared, out var signature, out var bodyRange)) { reason = "it is not a FlowForge cache entry"; return null; }
            var body = bytes[bodyRange];
            if (ContentHash.Of(body) != declared) { reason = "its content does not match its checksum"; return null; }
            if (signer is not null && !signer.Verify(expectedKey, body, signature))
            {
                code = CacheDiagnosticCodes.UntrustedEntry;
                reason = signature is null
                    ? "it is not signed, and a cache key is set (it was written by a build without the key)"
                    : "its signature was not made with any of the configured cache keys (forged, or signed with a key no longer listed)";
                return null;
            }

            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { reason = "the entry is not an object"; return null; }
            if (!root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Number || schema.GetInt32() != Schema)
            { reason = "it has another schema"; return null; }
            if (!ContentHash.TryParse(GetString(root, "key"), out var key) || key != expectedKey)
            { reason = "it belongs to another key"; return null; }
            var toolVersion = GetString(root, "toolVersion") ?? throw new FormatException("toolVersion");
            var created = DateTime.Parse(GetString(root, "createdUtc") ?? throw new FormatException("createdUtc"),
                CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();

            var files = new List<OutputFile>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in GetArray(root, "files"))
            {
                var rawPath = GetString(item, "path");
                var path = OutputPath.Normalize(rawPath, out var pathProblem);
                if (path is null)
                {
                    code = CacheDiagnosticCodes.UnsafePath;
                    reason = $"output path '{Printable(rawPath)}' is rejected: {pathProblem}";
                    return null;
                }
                if (!seen.Add(path)) { reason = $"output '{path}' is listed twice"; return null; }
                if (!ContentHash.TryParse(GetString(item, "hash"), out var hash)) { reason = $"output '{path}' has no valid hash"; return null; }
                if (!item.TryGetProperty("size", out var sizeElement) || !sizeElement.TryGetInt64(out var size) || size < 0)
                { reason = $"output '{path}' has no valid size"; return null; }
                bool executable = item.TryGetProperty("executable", out var exe) && exe.ValueKind == JsonValueKind.True;
                files.Add(new OutputFile(path, hash, size, executable));
            }
            var diagnostics = new List<string>();
            foreach (var line in GetArray(root, "diagnostics"))
                diagnostics.Add(line.GetString() ?? throw new FormatException("diagnostic"));

            var compileTime = root.TryGetProperty("compileMs", out var ms) && ms.TryGetInt64(out var compileMs) && compileMs > 0
                ? TimeSpan.FromMilliseconds(compileMs) : TimeSpan.Zero;

            code = null;
            reason = null;
            return new ActionEntry(key, files, diagnostics, created, toolVersion) { CompileTime = compileTime };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            reason = "it cannot be parsed";
            return null;
        }
    }

    /// <summary>Finds the declared checksum and the byte range of the "entry" value without parsing the body twice.</summary>
    private static bool TrySplit(ReadOnlySpan<byte> bytes, out ContentHash declared, out string? signature, out Range body)
    {
        declared = default;
        signature = null;
        body = default;
        bool haveHash = false, haveBody = false;
        var reader = new Utf8JsonReader(bytes);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sha256"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || !ContentHash.TryParse(reader.GetString(), out declared)) return false;
                haveHash = true;
            }
            else if (reader.ValueTextEquals("hmac"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                signature = reader.GetString();
            }
            else if (reader.ValueTextEquals("entry"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                body = start..(int)reader.BytesConsumed;
                haveBody = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return haveHash && haveBody && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement.ArrayEnumerator GetArray(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new FormatException(name);

    private static string Printable(string? text) =>
        text is null ? "(none)" : new string(text.Select(c => char.IsControl(c) ? '?' : c).Take(200).ToArray());
}
