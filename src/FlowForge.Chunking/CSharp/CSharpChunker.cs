using System.Runtime.InteropServices;
using FlowForge.Chunking.CSharp;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>
/// Chunks C# source at namespace, type and member boundaries: a header chunk (usings, file-scoped namespace,
/// assembly attributes), a chunk per type header, a chunk per member of every type (nested types are chunked by
/// their members), top-level statements one per statement before merging. Names look like
/// <c>Ns.Type.Member(int, string)</c>, <c>Ns.Type.Property</c>, <c>Ns.Type</c>, <c>&lt;top-level&gt;</c>.
/// See <see cref="CSharpLexer"/> for how literals, comments and <c>#if</c> are treated.
/// </summary>
public sealed class CSharpChunker : SemanticChunker
{
    /// <summary>Creates a C# chunker with <paramref name="options"/> (default <see cref="ChunkingOptions.Default"/>).</summary>
    public CSharpChunker(ChunkingOptions? options = null) : base(options) { }

    /// <inheritdoc />
    public override string Name => "csharp";

    private protected override void FindRegions(ReadOnlySpan<byte> content, List<SemanticRegion> regions, ICollection<Diagnostic>? diagnostics)
    {
        var tokens = new List<CSharpToken>(content.Length / 6 + 16);
        var lexer = new CSharpLexer(content, tokens);
        lexer.Run();
        var structure = new CSharpStructure(content, CollectionsMarshal.AsSpan(tokens), regions);
        structure.Run();

        int malformedAt = lexer.MalformedAt >= 0 && (structure.MalformedAt < 0 || lexer.MalformedAt < structure.MalformedAt)
            ? lexer.MalformedAt : structure.MalformedAt;
        if (malformedAt >= 0)
            diagnostics?.Add(SourcePosition.Malformed(content, malformedAt,
                "C# structure could not be followed here (unterminated literal or comment, or unbalanced braces); the rest of the enclosing declaration is chunked coarser."));
    }
}
