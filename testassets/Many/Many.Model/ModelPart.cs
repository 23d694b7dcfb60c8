namespace Many.Model;

/// <summary>A layer of the Many sample: 2 dependencies.</summary>
public static class ModelPart
{
    public static int Weight => Many.Text.TextPart.Weight + Many.Math.MathPart.Weight + 1;
}
