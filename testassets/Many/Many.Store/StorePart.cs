namespace Many.Store;

/// <summary>A layer of the Many sample: 2 dependencies.</summary>
public static class StorePart
{
    public static int Weight => Many.Text.TextPart.Weight + Many.Time.TimePart.Weight + 1;
}
