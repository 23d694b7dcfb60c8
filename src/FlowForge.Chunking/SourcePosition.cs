using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>Line/column of a byte offset, for FF6003 diagnostics (computed only when something is reported).</summary>
internal static class SourcePosition
{
    public static Diagnostic Malformed(ReadOnlySpan<byte> content, int offset, string message)
    {
        offset = Math.Clamp(offset, 0, content.Length);
        var before = content[..offset];
        int line = before.Count((byte)'\n') + 1;
        int lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new Diagnostic(ChunkingDiagnosticCodes.MalformedContent, DiagnosticSeverity.Warning, message, null, line, offset - lineStart + 1);
    }
}
