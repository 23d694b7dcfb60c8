using FlowForge.Build.Tasks.Infrastructure;

namespace FlowForge.Build.Tasks.Tests;

public sealed class NamedValuesTests
{
    [Fact]
    public void ParsesNamesKindsAndValuesWithEqualsSignsInThem()
    {
        var entries = NamedValues.Parse([
            "Optimize=true",
            "PathMap:PathMap=/src/=/_/,/other=/o",
            "DefineConstants=DEBUG;TRACE",
            "NoWarn=",
            "  Indented = kept ",
            "Malformed",
        ]);

        Assert.Equal(
            [
                new NamedValues.Entry("Optimize", null, "true"),
                new NamedValues.Entry("PathMap", "PathMap", "/src/=/_/,/other=/o"),
                new NamedValues.Entry("DefineConstants", null, "DEBUG;TRACE"),
                new NamedValues.Entry("NoWarn", null, ""),
                new NamedValues.Entry("Indented", null, " kept "),
                new NamedValues.Entry("Malformed", null, ""),
            ],
            entries);
    }
}
