namespace Many.Services;

/// <summary>A layer of the Many sample: 2 dependencies.</summary>
public static class ServicesPart
{
    public static int Weight => Many.Model.ModelPart.Weight + Many.Rules.RulesPart.Weight + 1;
}
