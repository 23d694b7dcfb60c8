namespace Many.App;

public static class AppPart
{
    public static int Weight => Many.Api.ApiPart.Weight + Many.Reports.ReportsPart.Weight;

    public static void Main() => Console.WriteLine(Weight);
}
