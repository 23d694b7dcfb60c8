namespace FlowForge.Caching.Tests;

public class OutputPathTests
{
    [Theory]
    [InlineData("Lib.dll", "Lib.dll")]
    [InlineData("ref/Lib.dll", "ref/Lib.dll")]
    [InlineData("refint\\Lib.dll", "refint/Lib.dll")]
    [InlineData("a/b/c.txt", "a/b/c.txt")]
    [InlineData("..foo", "..foo")]
    public void Accepts_plain_relative_paths(string path, string expected) =>
        Assert.Equal(expected, OutputPath.Normalize(path, out _));

    [Theory]
    [InlineData("")]
    [InlineData("../Lib.dll")]
    [InlineData("ref/../../Lib.dll")]
    [InlineData("..\\Lib.dll")]
    [InlineData("ref\\..\\..\\x")]
    [InlineData("/etc/passwd")]
    [InlineData("\\\\server\\share\\x")]
    [InlineData("\\Windows\\x")]
    [InlineData("C:\\x.dll")]
    [InlineData("C:x.dll")]
    [InlineData("Lib.dll:stream")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("./Lib.dll")]
    [InlineData("a/./b")]
    [InlineData("..")]
    [InlineData("Lib.dll.")]
    [InlineData("Lib.dll ")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    public void Rejects_paths_that_could_leave_the_destination(string path)
    {
        Assert.Null(OutputPath.Normalize(path, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void Resolve_stays_inside_the_root()
    {
        using var temp = new TempDirectory();
        var resolved = OutputPath.Resolve(temp.Path, "ref/Lib.dll", out _);
        Assert.Equal(Path.Combine(temp.Path, "ref", "Lib.dll"), resolved);
        Assert.Null(OutputPath.Resolve(temp.Path, "../x", out _));
    }
}
