namespace FlowForge.Core.Changes;

/// <summary>Which compile input list a file came from; kept in the manifest and shown in explanations.</summary>
public enum InputKind : byte
{
    Compile = 1,
    Reference = 2,
    Analyzer = 3,
    AdditionalFile = 4,
    EditorConfig = 5,
    Resource = 6,
    Other = 7,
}

public sealed record InputFile(string Path, InputKind Kind);

public enum ChangeKind { Added, Modified, Removed }

public sealed record FileChange(string Path, InputKind Kind, ChangeKind Change);
