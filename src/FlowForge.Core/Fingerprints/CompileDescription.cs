namespace FlowForge.Core.Fingerprints;

/// <summary>How an option's value is put into the fingerprint.</summary>
public enum OptionKind
{
    /// <summary>As it is.</summary>
    Value,
    /// <summary>A path: canonicalized (relative to the project or a named root).</summary>
    Path,
    /// <summary>A ';'-separated list of paths.</summary>
    PathList,
    /// <summary>A PathMap value ("from=to,…"): the local 'from' folders are canonicalized.</summary>
    PathMap,
}

/// <summary>A file input of the compile with the item metadata the compiler uses (in a fixed order).</summary>
public sealed record FingerprintFile(string Section, string Path, IReadOnlyList<KeyValuePair<string, string>> Metadata)
{
    public FingerprintFile(string section, string path) : this(section, path, []) { }
}

/// <summary>
/// Everything the fingerprint is made of, as MSBuild knows it just before CoreCompile: the Csc parameters, the
/// input files (in order, with their metadata), the output paths, the compiler's identity. Built by the gate task
/// from the same properties and items the SDK's Csc call uses; free of MSBuild types so it can be tested alone.
/// </summary>
public sealed class CompileDescription
{
    public required string ProjectDirectory { get; init; }
    /// <summary>Named folders for canonical paths ("nuget" → the packages folder, "dotnet" → the SDK root).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Roots { get; init; } = [];
    public string? SdkVersion { get; init; }
    /// <summary>The Csc task assembly and the compiler's own assemblies; their contents identify the compiler.</summary>
    public IReadOnlyList<string> CompilerFiles { get; init; } = [];
    public IReadOnlyList<(string Name, string Value, OptionKind Kind)> Options { get; init; } = [];
    public IReadOnlyList<(string Name, string Path)> Outputs { get; init; } = [];
    /// <summary>File inputs in Csc order: sources, references, analyzers, additional files, editorconfigs, resources, ….</summary>
    public IReadOnlyList<FingerprintFile> Files { get; init; } = [];
    /// <summary>Properties kept for explanations only (not hashed), e.g. Version, InformationalVersion, SourceRevisionId.</summary>
    public IReadOnlyList<(string Name, string Value)> Context { get; init; } = [];
    /// <summary>PathMap, used to tell whether absolute source paths reach the output.</summary>
    public string? PathMap { get; init; }
}
