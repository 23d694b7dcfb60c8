namespace FlowForge.Templates;

/// <summary>
/// Text with an index of line starts, to turn character offsets into (line, column) and back.
/// Lines end at <c>\n</c>; a <c>\r</c> before it belongs to the line, as editors count columns.
/// </summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') starts.Add(i + 1);
        }
        _lineStarts = starts.ToArray();
    }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The position of a character offset (clamped to the text).</summary>
    public TemplatePosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new TemplatePosition(offset, line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>The character offset of a one-based (line, column), clamped to the text.</summary>
    public int GetOffset(int line, int column)
    {
        if (line < 1) return 0;
        if (line > _lineStarts.Length) return Text.Length;
        return Math.Min(Text.Length, _lineStarts[line - 1] + Math.Max(0, column - 1));
    }
}
