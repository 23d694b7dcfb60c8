namespace FlowForge.Templates.Rendering;

/// <summary>
/// Maps character offsets of rendered output back to the template. Output comes in segments: text copied from the
/// template (an offset inside maps to the exact template character) or the value of an expression (maps to its <c>{{</c>).
/// </summary>
public sealed class OutputMap
{
    private readonly List<int> _outputStarts = new();
    private readonly List<Segment> _segments = new();

    private readonly record struct Segment(int OutputStart, int Length, int TemplateOffset, bool Copied);

    internal void Add(int outputStart, int length, int templateOffset, bool copied)
    {
        if (length == 0) return;
        _outputStarts.Add(outputStart);
        _segments.Add(new Segment(outputStart, length, templateOffset, copied));
    }

    /// <summary>Number of segments (for tests).</summary>
    public int Count => _segments.Count;

    /// <summary>The template offset that produced the output character at <paramref name="outputOffset"/>
    /// (an offset at the end of the output maps to just after the last segment).</summary>
    public int ToTemplateOffset(int outputOffset)
    {
        if (_segments.Count == 0) return 0;
        int i = _outputStarts.BinarySearch(outputOffset);
        if (i < 0) i = Math.Max(0, ~i - 1);
        var s = _segments[i];
        int delta = outputOffset - s.OutputStart;
        if (delta >= s.Length) return s.Copied ? s.TemplateOffset + s.Length : s.TemplateOffset; // past the end of the output
        return s.Copied ? s.TemplateOffset + Math.Max(0, delta) : s.TemplateOffset;
    }
}
