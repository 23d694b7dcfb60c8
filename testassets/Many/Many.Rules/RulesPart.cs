namespace Many.Rules;

/// <summary>A layer of the Many sample: 2 dependencies.</summary>
public static class RulesPart
{
    public static int Weight => Many.Math.MathPart.Weight + Many.Time.TimePart.Weight + 1;
}
