namespace Many.Reports;

/// <summary>A layer of the Many sample: 2 dependencies.</summary>
public static class ReportsPart
{
    public static int Weight => Many.Store.StorePart.Weight + Many.Events.EventsPart.Weight + 1;
}
