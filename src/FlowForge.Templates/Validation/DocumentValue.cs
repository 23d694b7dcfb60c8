namespace FlowForge.Templates.Validation;

/// <summary>Kinds of values in a parsed output document, named as schema types.</summary>
public enum DocumentKind { String, Integer, Float, Boolean, DateTime, Array, Table, Null }

/// <summary>
/// A parsed output document (TOML or JSON) reduced to what schemas check, with the output character offset where each
/// value's key (or, for array items, the value) was written.
/// </summary>
public sealed class DocumentValue
{
    public DocumentKind Kind { get; init; }
    public object? Scalar { get; init; }
    public List<DocumentValue> Items { get; } = new();
    public List<KeyValuePair<string, DocumentValue>> Members { get; } = new();

    /// <summary>Output offset of the key (members) or of the value (array items); -1 when unknown (the document root).</summary>
    public int Offset { get; set; } = -1;

    public DocumentValue? Member(string key)
    {
        foreach (var (k, v) in Members) if (k == key) return v;
        return null;
    }
}
