namespace FlowForge.Core.ProjectSkip;

/// <summary>One input file of a project build and why it is one (the kind names it in reasons: "Import", "Compile").</summary>
public sealed record SkipInputFile(string Kind, string Path);

/// <summary>An ordered item list (e.g. @(Compile)) with each item's metadata as "Name=Value" pairs: order and metadata
/// change outputs (compile order, CopyToOutputDirectory, LogicalName) even when no file's content changes.</summary>
public sealed record SkipItemList(string ItemType, IReadOnlyList<string> Items);

/// <summary>What a referenced project's own project-skip decision said: its fingerprint, or why it has none.</summary>
public sealed record SkipReference(string Project, string? Fingerprint, string? Reason);

/// <summary>
/// Everything a project build reads, as the project-skip decision sees it. Built by the MSBuild task from the project's
/// items and properties; the fingerprint (<see cref="ProjectFingerprint"/>) hashes the files' contents, never their dates.
/// </summary>
public sealed class ProjectSkipInputs
{
    public required string ProjectFile { get; init; }
    public string ProjectDirectory => System.IO.Path.GetDirectoryName(ProjectFile) ?? "";

    /// <summary>Files read by evaluation or targets: the project file and every import, the assets file, items' files.</summary>
    public IReadOnlyList<SkipInputFile> Files { get; init; } = [];

    /// <summary>Ordered item lists with their metadata.</summary>
    public IReadOnlyList<SkipItemList> ItemLists { get; init; } = [];

    /// <summary>Folders whose every file is an input (the project's folder: a new or deleted file there changes what
    /// globs include), recursively, except <see cref="ExcludedDirectories"/> and hidden folders (.git, .vs).</summary>
    public IReadOnlyList<string> ConeDirectories { get; init; } = [];

    /// <summary>Folders not scanned: bin/, obj/ (the outputs, checked separately).</summary>
    public IReadOnlyList<string> ExcludedDirectories { get; init; } = [];

    /// <summary>Folders from which the compiler's analyzer-config discovery walks up (.editorconfig, .globalconfig
    /// in every folder above a source file): the files found, and the absence of the others, are inputs.</summary>
    public IReadOnlyList<string> AnalyzerConfigSearchDirectories { get; init; } = [];

    /// <summary>Named values: global properties, environment variables, SDK and FlowForge versions.
    /// Only their hashes are recorded (environment variables may hold secrets).</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>The referenced projects' own decisions.</summary>
    public IReadOnlyList<SkipReference> References { get; init; } = [];
}
