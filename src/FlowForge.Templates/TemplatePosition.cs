namespace FlowForge.Templates;

/// <summary>A location in a template's text: zero-based character offset, one-based line and column (UTF-16 characters).</summary>
public readonly record struct TemplatePosition(int Offset, int Line, int Column)
{
    /// <summary>True when the position points into source text.</summary>
    public bool IsKnown => Line > 0;

    /// <summary>MSBuild form <c>(line,col)</c>.</summary>
    public override string ToString() => IsKnown ? $"({Line},{Column})" : "(unknown)";
}
