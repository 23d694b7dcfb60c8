using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlowForge.Caching;

/// <summary>
/// The stored form of compiler diagnostics inside a cache entry: each is one compact JSON object in the entry's
/// <c>diagnostics</c> string array (<c>{"code","severity","message","file","line","column","endLine","endColumn","helpLink"}</c>,
/// empty members left out). The entry's own checksum covers these strings, so a damaged one makes the whole entry a
/// miss. Older entries held plain lines such as <c>warning CS0168: message</c>; those are still read.
/// </summary>
public static partial class CompilerDiagnosticFormat
{
    /// <summary>One diagnostic as a compact JSON string.</summary>
    public static string Serialize(CompilerDiagnostic diagnostic)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("code", diagnostic.Code);
            writer.WriteString("severity", diagnostic.Severity switch
            {
                CompilerDiagnosticSeverity.Error => "error",
                CompilerDiagnosticSeverity.Warning => "warning",
                _ => "info",
            });
            writer.WriteString("message", diagnostic.Message);
            if (diagnostic.File is not null) writer.WriteString("file", diagnostic.File);
            if (diagnostic.Line > 0) writer.WriteNumber("line", diagnostic.Line);
            if (diagnostic.Column > 0) writer.WriteNumber("column", diagnostic.Column);
            if (diagnostic.EndLine > 0) writer.WriteNumber("endLine", diagnostic.EndLine);
            if (diagnostic.EndColumn > 0) writer.WriteNumber("endColumn", diagnostic.EndColumn);
            if (diagnostic.HelpLink is not null) writer.WriteString("helpLink", diagnostic.HelpLink);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The stored strings of a list of diagnostics.</summary>
    public static IReadOnlyList<string> SerializeAll(IEnumerable<CompilerDiagnostic> diagnostics) => diagnostics.Select(Serialize).ToArray();

    /// <summary>Reads one stored string (JSON, or a legacy <c>warning CODE: message</c> line); null when it is neither.</summary>
    public static CompilerDiagnostic? TryParse(string stored)
    {
        if (string.IsNullOrWhiteSpace(stored)) return null;
        if (stored.TrimStart().StartsWith('{')) return TryParseJson(stored);
        var match = LegacyLine().Match(stored);
        return match.Success
            ? new CompilerDiagnostic(match.Groups["code"].Value, ParseSeverity(match.Groups["severity"].Value) ?? CompilerDiagnosticSeverity.Warning,
                match.Groups["message"].Value)
            : null;
    }

    /// <summary>Every readable diagnostic of an entry, in stored order (unreadable strings are skipped).</summary>
    public static IReadOnlyList<CompilerDiagnostic> ParseAll(IEnumerable<string> stored) =>
        stored.Select(TryParse).Where(d => d is not null).Select(d => d!).ToArray();

    private static CompilerDiagnostic? TryParseJson(string stored)
    {
        try
        {
            using var document = JsonDocument.Parse(stored);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var code = String(root, "code");
            var message = String(root, "message");
            var severity = ParseSeverity(String(root, "severity"));
            if (string.IsNullOrEmpty(code) || message is null || severity is null) return null;
            return new CompilerDiagnostic(code, severity.Value, message, String(root, "file"),
                Int(root, "line"), Int(root, "column"), Int(root, "endLine"), Int(root, "endColumn"), String(root, "helpLink"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static CompilerDiagnosticSeverity? ParseSeverity(string? text) => text?.ToLowerInvariant() switch
    {
        "error" => CompilerDiagnosticSeverity.Error,
        "warning" => CompilerDiagnosticSeverity.Warning,
        "info" or "note" or "message" => CompilerDiagnosticSeverity.Info,
        _ => null,
    };

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) && number > 0 ? number : 0;

    [GeneratedRegex(@"^(?<severity>warning|error|info)\s+(?<code>[A-Za-z]+[0-9A-Za-z_]*)\s*:\s*(?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex LegacyLine();
}
