using System.Text.Json;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>Outcome of <see cref="SarifReader"/>: the diagnostics, or null with a coded <see cref="Problem"/>.</summary>
public sealed record SarifReadResult(IReadOnlyList<CompilerDiagnostic>? Diagnostics, Diagnostic? Problem)
{
    public bool Success => Diagnostics is not null;
}

/// <summary>
/// Reads the SARIF 2.1 error log the compiler writes when Csc's <c>ErrorLog</c> is set (<c>file.sarif,version=2.1</c>)
/// into <see cref="CompilerDiagnostic"/>s, so the gate can store them with the outputs and a cache hit can replay them.
/// Uses the results of every run: <c>ruleId</c> (or the rule at <c>ruleIndex</c>), <c>level</c> (absent means warning,
/// as SARIF says; <c>none</c> and results carrying <c>suppressions</c> — <c>#pragma</c>, SuppressMessage — are left out,
/// because Csc does not log them either), <c>message.text</c>, the first location's file and region, and the rule's
/// <c>helpUri</c>. File URIs become paths relative to the project (see <see cref="CompilerDiagnostic.PortablePath"/>).
/// A log that cannot be read, or that holds a shown result without a rule id (which a replay could not reproduce), is
/// a <see cref="CacheDiagnosticCodes.CompilerLogUnreadable"/> warning, never an exception.
/// </summary>
public static class SarifReader
{
    /// <summary>Reads the SARIF file at <paramref name="path"/>.</summary>
    /// <param name="projectDirectory">The project folder: file paths are stored relative to it.</param>
    /// <param name="workspaceRoot">The repository root: files under it (outside the project too) are stored relative;
    /// files elsewhere keep their absolute path. Null: the project folder.</param>
    public static SarifReadResult ReadFile(string path, string projectDirectory, string? workspaceRoot)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(path, e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message);
        }
        return Read(bytes, projectDirectory, workspaceRoot, path);
    }

    /// <summary>Reads SARIF from memory; <paramref name="displayName"/> names the log in a problem message.</summary>
    public static SarifReadResult Read(ReadOnlySpan<byte> sarif, string projectDirectory, string? workspaceRoot, string displayName = "error log")
    {
        try
        {
            var reader = new Utf8JsonReader(sarif, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Failed(displayName, "it is not a JSON object");
            var version = String(root, "version");
            if (version is null || !version.StartsWith("2.1", StringComparison.Ordinal))
                return Failed(displayName, $"it is SARIF version '{version ?? "(none)"}', not 2.1 (set ErrorLog to 'file.sarif,version=2.1')");
            if (!root.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
                return Failed(displayName, "it has no 'runs' array");

            var diagnostics = new List<CompilerDiagnostic>();
            int runIndex = 0;
            foreach (var run in runs.EnumerateArray())
            {
                var problem = ReadRun(run, runIndex++, projectDirectory, workspaceRoot, diagnostics);
                if (problem is not null) return Failed(displayName, problem);
            }
            return new SarifReadResult(diagnostics, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or UriFormatException)
        {
            return Failed(displayName, $"it is not valid SARIF ({e.Message})");
        }
    }

    /// <returns>Null, or why the run cannot be replayed faithfully.</returns>
    private static string? ReadRun(JsonElement run, int runIndex, string projectDirectory, string? workspaceRoot, List<CompilerDiagnostic> into)
    {
        if (run.ValueKind != JsonValueKind.Object || !run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array) return null;
        var rules = run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver)
                    && driver.TryGetProperty("rules", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().ToArray()
            : [];
        var bases = run.TryGetProperty("originalUriBaseIds", out var b) && b.ValueKind == JsonValueKind.Object ? b : default;

        int resultIndex = -1;
        foreach (var result in results.EnumerateArray())
        {
            resultIndex++;
            if (result.ValueKind != JsonValueKind.Object) continue;
            if (result.TryGetProperty("suppressions", out var suppressions) && suppressions.ValueKind == JsonValueKind.Array
                && suppressions.GetArrayLength() > 0) continue;
            var levelText = String(result, "level") ?? "warning";
            if (levelText == "none") continue;
            var severity = CompilerDiagnosticFormat.ParseSeverity(levelText) ?? CompilerDiagnosticSeverity.Warning;

            JsonElement? rule = result.TryGetProperty("ruleIndex", out var index) && index.TryGetInt32(out var i) && i >= 0 && i < rules.Length
                ? rules[i] : null;
            var code = String(result, "ruleId") ?? (rule is { } ri ? String(ri, "id") : null);
            // Csc always names its diagnostics; a result without a rule id could be neither stored nor shown on a cache
            // hit the way the compile showed it, so the whole log is unreadable (nothing stored) rather than one
            // warning silently lost from every restore.
            if (string.IsNullOrEmpty(code))
                return $"result {resultIndex} of run {runIndex} has no rule id (neither 'ruleId' nor a rule at 'ruleIndex')";
            rule ??= rules.Cast<JsonElement?>().FirstOrDefault(x => String(x!.Value, "id") == code);
            var helpLink = rule is { } rh ? String(rh, "helpUri") : null;
            var message = result.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? String(m, "text") ?? "" : "";

            string? file = null;
            int line = 0, column = 0, endLine = 0, endColumn = 0;
            if (result.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
                && locations[0].TryGetProperty("physicalLocation", out var physical) && physical.ValueKind == JsonValueKind.Object)
            {
                if (physical.TryGetProperty("artifactLocation", out var artifact) && artifact.ValueKind == JsonValueKind.Object)
                {
                    var full = ResolveUri(String(artifact, "uri"), String(artifact, "uriBaseId"), bases, projectDirectory);
                    if (full is not null) file = CompilerDiagnostic.PortablePath(full, projectDirectory, workspaceRoot);
                }
                if (physical.TryGetProperty("region", out var region) && region.ValueKind == JsonValueKind.Object)
                {
                    line = Int(region, "startLine");
                    column = Int(region, "startColumn");
                    endLine = Int(region, "endLine");
                    endColumn = Int(region, "endColumn");
                }
            }
            into.Add(new CompilerDiagnostic(code, severity, message, file, line, column, endLine, endColumn, helpLink));
        }
        return null;
    }

    /// <summary>A file URI (absolute, or relative to a base id or to the project) as a full local path; null for non-file URIs.</summary>
    private static string? ResolveUri(string? uriText, string? baseId, JsonElement bases, string projectDirectory)
    {
        if (string.IsNullOrEmpty(uriText)) return null;
        if (Uri.TryCreate(uriText, UriKind.Absolute, out var absolute))
            return absolute.IsFile ? absolute.LocalPath : null;
        var relative = Uri.UnescapeDataString(uriText).Replace('/', Path.DirectorySeparatorChar);
        string baseDirectory = projectDirectory;
        if (baseId is not null && bases.ValueKind == JsonValueKind.Object && bases.TryGetProperty(baseId, out var baseEntry)
            && Uri.TryCreate(String(baseEntry, "uri"), UriKind.Absolute, out var baseUri) && baseUri.IsFile)
            baseDirectory = baseUri.LocalPath;
        return Path.GetFullPath(Path.Combine(baseDirectory, relative));
    }

    private static SarifReadResult Failed(string log, string reason) =>
        new(null, Diagnostic.Warning(CacheDiagnosticCodes.CompilerLogUnreadable,
            $"The compiler's error log '{log}' could not be read: {reason}. The outputs were not stored in the build cache, " +
            "because a cache hit could not show this compile's warnings; the build itself is unaffected."));

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) && number > 0 ? number : 0;
}
