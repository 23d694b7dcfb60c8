namespace FlowForge.Templates.Evaluation;

/// <summary>Variables visible while rendering: the template's variables plus a stack of loop frames (innermost first).</summary>
internal sealed class Scope
{
    private readonly IReadOnlyDictionary<string, object?> _globals;
    private readonly List<Dictionary<string, object?>> _frames = new();

    public Scope(IReadOnlyDictionary<string, object?> globals) => _globals = globals;

    public Dictionary<string, object?> Push()
    {
        var frame = new Dictionary<string, object?>(StringComparer.Ordinal);
        _frames.Add(frame);
        return frame;
    }

    public void Pop() => _frames.RemoveAt(_frames.Count - 1);

    public bool TryGet(string name, out object? value)
    {
        for (int i = _frames.Count - 1; i >= 0; i--)
            if (_frames[i].TryGetValue(name, out value)) return true;
        return _globals.TryGetValue(name, out value);
    }
}
