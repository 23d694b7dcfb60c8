namespace Many.Text;

/// <summary>A layer of the Many sample: 1 dependencies.</summary>
public static class TextPart
{
    public static int Weight => Many.Core.CorePart.Weight + 1;
}
