namespace Many.Core;

/// <summary>A layer of the Many sample: 0 dependencies.</summary>
public static class CorePart
{
    public static int Weight => 1 + 1;
}
