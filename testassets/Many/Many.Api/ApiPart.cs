namespace Many.Api;

/// <summary>A layer of the Many sample: 2 dependencies.</summary>
public static class ApiPart
{
    public static int Weight => Many.Services.ServicesPart.Weight + Many.Store.StorePart.Weight + 1;
}
