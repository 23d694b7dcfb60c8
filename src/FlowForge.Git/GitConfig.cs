namespace FlowForge.Git;

/// <summary>
/// Parsed git config values. Keys are <c>section.subsection.name</c> where section and name are
/// case-insensitive and the subsection is case-sensitive, exactly as git treats them.
/// Multi-valued keys keep every value in file order; <see cref="Get"/> returns the last, as git does.
/// </summary>
public sealed class GitConfig
{
    private readonly Dictionary<string, List<string?>> _values = new(StringComparer.Ordinal);
    private readonly List<(string Section, string? Subsection)> _sections = new();

    /// <summary>Syntax errors found while parsing, 1-based line numbers; parsing continues after a bad line.</summary>
    public List<(int Line, string Message)> Errors { get; } = new();

    /// <summary>An empty config (used when the file does not exist).</summary>
    public static GitConfig Empty => new();

    /// <summary>The last value of a key, or null when absent. A key without '=' (implicit true) yields "true".</summary>
    public string? Get(string section, string? subsection, string name) =>
        _values.TryGetValue(MakeKey(section, subsection, name), out var list) ? list[^1] ?? "true" : null;

    /// <summary>All values of a key in file order.</summary>
    public IReadOnlyList<string?> GetAll(string section, string? subsection, string name) =>
        _values.TryGetValue(MakeKey(section, subsection, name), out var list) ? list : Array.Empty<string?>();

    /// <summary>The subsections of a section in order of first appearance (e.g. remote names).</summary>
    public IReadOnlyList<string> GetSubsections(string section)
    {
        var result = new List<string>();
        foreach (var (s, sub) in _sections)
        {
            if (sub is not null && string.Equals(s, section, StringComparison.OrdinalIgnoreCase) && !result.Contains(sub))
                result.Add(sub);
        }
        return result;
    }

    /// <summary>git's boolean parsing: true/yes/on/1 and an implicit value are true.</summary>
    public bool GetBool(string section, string? subsection, string name, bool defaultValue)
    {
        var value = Get(section, subsection, name);
        if (value is null) return defaultValue;
        return value.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" or "" => false,
            _ => defaultValue,
        };
    }

    internal void AddSection(string section, string? subsection) => _sections.Add((section, subsection));

    internal void Add(string section, string? subsection, string name, string? value)
    {
        var key = MakeKey(section, subsection, name);
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = new List<string?>();
        list.Add(value);
    }

    /// <summary>Adds every value of <paramref name="other"/> after this config's, so they win (git's later-file-wins rule).</summary>
    internal void Merge(GitConfig other)
    {
        foreach (var section in other._sections) _sections.Add(section);
        foreach (var (key, list) in other._values)
        {
            if (!_values.TryGetValue(key, out var mine)) _values[key] = mine = new List<string?>();
            mine.AddRange(list);
        }
        Errors.AddRange(other.Errors);
    }

    private static string MakeKey(string section, string? subsection, string name) =>
        subsection is null
            ? $"{section.ToLowerInvariant()}.{name.ToLowerInvariant()}"
            : $"{section.ToLowerInvariant()}.{subsection}.{name.ToLowerInvariant()}";
}
