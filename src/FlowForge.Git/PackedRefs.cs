namespace FlowForge.Git;

/// <summary>
/// The <c>packed-refs</c> file: lines <c>&lt;id&gt; &lt;refname&gt;</c>, each optionally followed by a
/// <c>^&lt;id&gt;</c> line giving the commit an annotated tag points to (the "peeled" id).
/// </summary>
internal sealed class PackedRefs
{
    private readonly Dictionary<string, (string Id, string? Peeled)> _refs;

    private PackedRefs(Dictionary<string, (string Id, string? Peeled)> refs) => _refs = refs;

    public static PackedRefs Empty { get; } = new(new Dictionary<string, (string, string?)>(StringComparer.Ordinal));

    public int Count => _refs.Count;

    public bool TryGet(string refName, out string id, out string? peeled)
    {
        if (_refs.TryGetValue(refName, out var entry))
        {
            (id, peeled) = entry;
            return true;
        }
        id = "";
        peeled = null;
        return false;
    }

    /// <summary>Reads the file; a missing file is empty. Malformed lines throw <see cref="CorruptRepositoryException"/>.</summary>
    public static PackedRefs Read(string path, GitObjectFormat format)
    {
        if (!File.Exists(path)) return Empty;
        return Parse(File.ReadAllLines(path), format, path);
    }

    internal static PackedRefs Parse(IEnumerable<string> lines, GitObjectFormat format, string path)
    {
        var refs = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        string? previous = null;
        int lineNumber = 0;
        int hexLength = GitObjectId.HexLength(format);
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue; // header "# pack-refs with: peeled fully-peeled sorted"
            if (line[0] == '^')
            {
                var peeled = line[1..];
                if (previous is null || !GitObjectId.IsValid(peeled, format))
                    throw new CorruptRepositoryException($"'{path}' line {lineNumber}: bad peeled line.", path);
                refs[previous] = (refs[previous].Item1, peeled.ToLowerInvariant());
                continue;
            }
            if (line.Length < hexLength + 2 || line[hexLength] != ' ' || !GitObjectId.IsValid(line.AsSpan(0, hexLength), format))
                throw new CorruptRepositoryException($"'{path}' line {lineNumber}: expected '<id> <refname>'.", path);
            var name = line[(hexLength + 1)..];
            refs[name] = (line[..hexLength].ToLowerInvariant(), null);
            previous = name;
        }
        return new PackedRefs(refs);
    }
}
