namespace FlowForge.Chunking;

/// <summary>What a chunk stands for. Used for reports; boundaries never depend on it.</summary>
public enum ChunkKind
{
    /// <summary>A content-defined chunk of bytes without structure (binaries, unknown formats, oversized regions).</summary>
    Content,
    /// <summary>Everything before the first declaration: C# usings/file header, TOML preamble, XML prolog and root start tag, JSON opening bracket.</summary>
    Header,
    /// <summary>A C# block namespace header.</summary>
    Namespace,
    /// <summary>A C# type header (or a whole type that is not split further, such as an enum or a positional record).</summary>
    Type,
    /// <summary>A C# member: method, constructor, property, field, event, operator, indexer, delegate.</summary>
    Member,
    /// <summary>C# top-level statements.</summary>
    Statements,
    /// <summary>A TOML <c>[table]</c> or <c>[[array.of.tables]]</c> with its key/value pairs.</summary>
    Table,
    /// <summary>A member of a top-level JSON object.</summary>
    Property,
    /// <summary>An element of a top-level JSON array.</summary>
    ArrayElement,
    /// <summary>A child element of an XML root element.</summary>
    Element,
    /// <summary>Consecutive tiny chunks merged into one (see <see cref="ChunkingOptions.MinSemanticChunkSize"/>).</summary>
    Group,
}
