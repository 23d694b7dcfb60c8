namespace FlowForge.Chunking;

/// <summary>Where a chunk starts relative to the token before it: on the next line, so leading comments travel with it.</summary>
internal static class LineBoundary
{
    /// <summary>The start of the line after <paramref name="previousEnd"/>, or <paramref name="start"/> if that comes first.</summary>
    public static int Between(ReadOnlySpan<byte> content, int previousEnd, int start)
    {
        if (start <= previousEnd) return start;
        int newline = content[previousEnd..start].IndexOf((byte)'\n');
        return newline < 0 ? start : previousEnd + newline + 1;
    }

    /// <summary>Index of the next '\n' at or after <paramref name="from"/>, or the content length.</summary>
    public static int EndOfLine(ReadOnlySpan<byte> content, int from)
    {
        if (from >= content.Length) return content.Length;
        int newline = content[from..].IndexOf((byte)'\n');
        return newline < 0 ? content.Length : from + newline;
    }
}
