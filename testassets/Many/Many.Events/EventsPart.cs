namespace Many.Events;

/// <summary>A layer of the Many sample: 1 dependencies.</summary>
public static class EventsPart
{
    public static int Weight => Many.Core.CorePart.Weight + 1;
}
