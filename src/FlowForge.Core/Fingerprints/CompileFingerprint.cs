using System.Text;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Fingerprints;

/// <summary>
/// A canonical, versioned record of everything that affects the output of one Csc call, and its SHA-256.
/// The hash covers every component except the <see cref="FingerprintSections.Context"/> ones, which only serve
/// explanations. Persisted as text (one component per line) so a later build can diff against it.
/// </summary>
public sealed class CompileFingerprint
{
    /// <summary>Bump when the meaning or set of components changes: every recorded fingerprint then mismatches once.</summary>
    public const int SchemaVersion = 1;

    private const string Header = "flowforge-compile-fingerprint";

    public IReadOnlyList<FingerprintComponent> Components { get; }
    public ContentHash Hash { get; }

    public CompileFingerprint(IReadOnlyList<FingerprintComponent> components)
    {
        Components = components;
        Hash = ComputeHash(components);
    }

    public string HashText => Hash.ToString();

    /// <summary>The value of a component, or null when absent (the first one when a key repeats).</summary>
    public string? Get(string section, string key)
    {
        foreach (var c in Components)
            if (c.Section == section && c.Key == key) return c.Value;
        return null;
    }

    private static ContentHash ComputeHash(IReadOnlyList<FingerprintComponent> components)
    {
        using var hasher = new ContentHasher();
        foreach (var c in components)
        {
            if (c.Section == FingerprintSections.Context) continue;
            hasher.Add(c.Section).Add(c.Key).Add(c.Value);
        }
        return hasher.Finish();
    }

    /// <summary>The persisted form: a header line, then one line per component (context included).</summary>
    public string ToText()
    {
        var text = new StringBuilder(64 + Components.Count * 96);
        text.Append(Header).Append(' ').Append(SchemaVersion).Append('\n');
        foreach (var c in Components) text.Append(c.ToLine()).Append('\n');
        return text.ToString();
    }

    public void Save(string file) => AtomicFile.WriteAllText(file, ToText());

    /// <returns>The fingerprint, or null with a reason when the text is not a fingerprint of a known schema.</returns>
    public static CompileFingerprint? TryParse(string text, out string? problem)
    {
        problem = null;
        var lines = text.Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith(Header + " ", StringComparison.Ordinal))
        {
            problem = "not a FlowForge compile fingerprint";
            return null;
        }
        var components = new List<FingerprintComponent>(lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            if (!FingerprintComponent.TryParseLine(lines[i], out var component))
            {
                problem = $"line {i + 1} is malformed";
                return null;
            }
            components.Add(component);
        }
        return new CompileFingerprint(components);
    }

    /// <returns>The fingerprint; null when the file does not exist; null with a reason when it is unreadable or corrupt.</returns>
    public static CompileFingerprint? TryLoad(string file, out string? problem)
    {
        problem = null;
        string text;
        try { text = File.ReadAllText(file); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
        return TryParse(text, out problem);
    }
}
