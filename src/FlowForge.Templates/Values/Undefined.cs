namespace FlowForge.Templates.Values;

/// <summary>The value of a name or key that does not exist. Falsy in conditions, replaced by <c>default</c>, an error when written out.</summary>
public sealed class Undefined
{
    public static readonly Undefined Instance = new();
    private Undefined() { }
    public override string ToString() => "undefined";
}
