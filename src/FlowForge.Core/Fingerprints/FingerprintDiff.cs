namespace FlowForge.Core.Fingerprints;

public enum ComponentChangeKind { Added, Removed, Changed, Reordered }

/// <summary>One difference between two fingerprints. For <see cref="ComponentChangeKind.Reordered"/> the key is empty.</summary>
public sealed record ComponentChange(string Section, string Key, ComponentChangeKind Kind, string? Previous, string? Current);

/// <summary>
/// Compares the fingerprint of this compile with the one recorded for the outputs in obj/ and says why they differ,
/// in the words of the build log and the record: <c>inputs changed: A.cs</c>, <c>reference Lib.dll changed</c>,
/// <c>property Optimize: false → true</c>.
/// </summary>
public sealed class FingerprintDiff
{
    public IReadOnlyList<ComponentChange> Changes { get; }

    private FingerprintDiff(IReadOnlyList<ComponentChange> changes) => Changes = changes;

    public bool IsEmpty => Changes.Count == 0;

    public static FingerprintDiff Compare(CompileFingerprint previous, CompileFingerprint current)
    {
        var changes = new List<ComponentChange>();
        var sections = previous.Components.Select(c => c.Section).Concat(current.Components.Select(c => c.Section)).Distinct().ToList();
        foreach (var section in sections)
        {
            var before = previous.Components.Where(c => c.Section == section).ToList();
            var after = current.Components.Where(c => c.Section == section).ToList();
            var beforeByKey = FirstByKey(before);
            var afterByKey = FirstByKey(after);
            int found = changes.Count;
            foreach (var c in after)
            {
                if (!beforeByKey.TryGetValue(c.Key, out var old))
                    changes.Add(new(section, c.Key, ComponentChangeKind.Added, null, c.Value));
                else if (old != c.Value && afterByKey[c.Key] == c.Value)
                    changes.Add(new(section, c.Key, ComponentChangeKind.Changed, old, c.Value));
            }
            foreach (var c in before)
                if (!afterByKey.ContainsKey(c.Key))
                    changes.Add(new(section, c.Key, ComponentChangeKind.Removed, c.Value, null));
            // Same members, same values, different sequence: only the order changed (it matters for @(Compile)).
            if (changes.Count == found && !before.Select(c => c.Key).SequenceEqual(after.Select(c => c.Key), StringComparer.Ordinal))
                changes.Add(new(section, "", ComponentChangeKind.Reordered, null, null));
        }
        // Several changes at one key (duplicates) collapse to one.
        return new FingerprintDiff(changes.DistinctBy(c => (c.Section, c.Key, c.Kind)).ToList());
    }

    private static Dictionary<string, string> FirstByKey(List<FingerprintComponent> components)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in components) map.TryAdd(c.Key, c.Value);
        return map;
    }

    /// <summary>
    /// True when a source the user controls changed: any file input except generated ones, or the compiler. Generated
    /// means under this project's intermediate folder (<paramref name="generatedPrefix"/>, e.g. <c>obj/</c>) or another
    /// project's (<c>../Lib/obj/…/ref/Lib.dll</c>): a Version passed on the command line changes only the generated
    /// AssemblyInfo.cs and the reference assemblies of project references, never a source.
    /// </summary>
    public bool SourceContentChanged(string generatedPrefix) => Changes.Any(c =>
        c.Section == FingerprintSections.Compiler || c.Section == FingerprintSections.Schema ||
        (FingerprintSections.IsFileSection(c.Section) && (c.Kind == ComponentChangeKind.Reordered || !IsGenerated(c.Key, generatedPrefix))));

    private static bool IsGenerated(string canonicalPath, string generatedPrefix) =>
        canonicalPath.StartsWith(generatedPrefix, StringComparison.Ordinal) || canonicalPath.Contains("/obj/", StringComparison.Ordinal);

    /// <summary>Properties (options, output paths, context) whose value changed, with both values.</summary>
    public IEnumerable<ComponentChange> PropertyChanges =>
        Changes.Where(c => FingerprintSections.IsPropertySection(c.Section) && c.Kind != ComponentChangeKind.Reordered);

    /// <summary>The reasons, most telling first: compiler, inputs, references, other files, properties.</summary>
    public List<string> Explain(int maxNames = 5)
    {
        var reasons = new List<string>();
        if (Changes.Any(c => c.Section == FingerprintSections.Schema))
            reasons.Add("FlowForge fingerprint schema changed");

        var compiler = Changes.Where(c => c.Section == FingerprintSections.Compiler).ToList();
        if (compiler.FirstOrDefault(c => c.Key == "sdk") is { } sdk)
            reasons.Add($"SDK {Show(sdk.Previous)} → {Show(sdk.Current)}");
        var compilerFiles = compiler.Where(c => c.Key != "sdk").Select(c => FileName(c.Key)).Distinct().ToList();
        if (compilerFiles.Count > 0) reasons.Add("compiler changed: " + Names(compilerFiles, maxNames));

        var compile = Changes.Where(c => c.Section == FingerprintSections.Compile).ToList();
        var compileNames = compile.Where(c => c.Kind != ComponentChangeKind.Reordered).Select(c => c.Kind switch
        {
            ComponentChangeKind.Added => "+" + c.Key,
            ComponentChangeKind.Removed => "-" + c.Key,
            _ => c.Key,
        }).ToList();
        if (compileNames.Count > 0) reasons.Add("inputs changed: " + Names(compileNames, maxNames));
        else if (compile.Count > 0) reasons.Add("order of the source files changed");

        foreach (var (section, noun) in FileNouns)
        {
            var files = Changes.Where(c => c.Section == section).ToList();
            if (files.Count == 0) continue;
            if (files.Count > 3)
            {
                reasons.Add($"{noun}s changed: " + Names(files.Where(c => c.Kind != ComponentChangeKind.Reordered).Select(c => FileName(c.Key)).ToList(), 3));
                continue;
            }
            foreach (var c in files)
            {
                reasons.Add(c.Kind switch
                {
                    ComponentChangeKind.Added => $"{noun} {FileName(c.Key)} added",
                    ComponentChangeKind.Removed => $"{noun} {FileName(c.Key)} removed",
                    ComponentChangeKind.Reordered => $"order of the {noun}s changed",
                    _ => $"{noun} {FileName(c.Key)} changed",
                });
            }
        }

        foreach (var c in PropertyChanges)
            reasons.Add($"property {c.Key}: {Show(c.Previous)} → {Show(c.Current)}");
        return reasons;
    }

    private static readonly (string Section, string Noun)[] FileNouns =
    [
        (FingerprintSections.Reference, "reference"),
        (FingerprintSections.Analyzer, "analyzer"),
        (FingerprintSections.AdditionalFile, "additional file"),
        (FingerprintSections.EditorConfig, "analyzer config"),
        (FingerprintSections.Resource, "resource"),
        (FingerprintSections.LinkResource, "linked resource"),
        (FingerprintSections.EmbeddedFile, "embedded file"),
        (FingerprintSections.Module, "module"),
        (FingerprintSections.File, "file"),
        (FingerprintSections.ExtraInput, "input"),
    ];

    /// <summary>A value for display: "(empty)" when empty or absent, shortened when long.</summary>
    public static string Show(string? value, int maxLength = 80)
    {
        if (string.IsNullOrEmpty(value)) return "(empty)";
        return value.Length <= maxLength ? value : value[..(maxLength - 1)] + "…";
    }

    private static string FileName(string canonicalPath)
    {
        int slash = canonicalPath.LastIndexOf('/');
        return slash < 0 ? canonicalPath : canonicalPath[(slash + 1)..];
    }

    private static string Names(IReadOnlyList<string> names, int max) =>
        string.Join(", ", names.Take(max)) + (names.Count > max ? $", and {names.Count - max} more" : "");
}
