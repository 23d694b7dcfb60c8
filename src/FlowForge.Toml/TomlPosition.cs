namespace FlowForge.Toml;

/// <summary>
/// A location in TOML source text.
/// </summary>
/// <param name="Offset">Zero-based byte offset into the UTF-8 source.</param>
/// <param name="Line">One-based line number; 0 when the position is unknown (a value added by code, not parsed).</param>
/// <param name="Column">One-based column, counted in UTF-16 characters as .NET strings and editors count them.</param>
public readonly record struct TomlPosition(int Offset, int Line, int Column)
{
    /// <summary>The position of something that did not come from source text.</summary>
    public static TomlPosition None => default;

    /// <summary>True when this position points into parsed source text.</summary>
    public bool IsKnown => Line > 0;

    /// <summary>Formats the position as MSBuild does: <c>(line,column)</c>.</summary>
    public override string ToString() => IsKnown ? $"({Line},{Column})" : "(unknown)";
}
