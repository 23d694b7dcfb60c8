namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// A task parameter that carries named values as strings rather than items: <c>Name=Value</c> entries, optionally
/// <c>Name:Kind=Value</c>. The targets write <c>Name=$([MSBuild]::Escape('$(Property)'))</c>, so a ';' inside a value
/// stays in the value (MSBuild splits the list before it unescapes each entry). A target that builds dozens of items
/// with metadata for one task call costs milliseconds in every project of every build; strings cost next to nothing.
/// </summary>
internal static class NamedValues
{
    public sealed record Entry(string Name, string? Kind, string Value);

    /// <summary>The entries in order; a malformed entry (no '=') is an empty value of that name.</summary>
    public static List<Entry> Parse(IEnumerable<string> entries)
    {
        var result = new List<Entry>();
        foreach (var entry in entries)
        {
            int equals = entry.IndexOf('=');
            var key = equals < 0 ? entry : entry[..equals];
            var value = equals < 0 ? "" : entry[(equals + 1)..];
            int colon = key.IndexOf(':');
            result.Add(colon < 0 ? new Entry(key.Trim(), null, value) : new Entry(key[..colon].Trim(), key[(colon + 1)..].Trim(), value));
        }
        return result;
    }
}
