namespace FlowForge.Toml.Tests;

/// <summary>Bad inputs with the exact code, line and column (1-based, UTF-16 characters) expected.</summary>
public class DiagnosticPositionTests
{
    [Theory]
    [InlineData("a = 1\nb = tru\n", TomlDiagnosticCodes.InvalidValue, 2, 5)]
    [InlineData("a = 1\na = 2\n", TomlDiagnosticCodes.DuplicateKey, 2, 1)]
    [InlineData("[x]\ny = 1\n[x]\n", TomlDiagnosticCodes.TableRedefinition, 3, 2)]
    [InlineData("s = \"abc\\qdef\"\n", TomlDiagnosticCodes.InvalidEscape, 1, 9)]
    [InlineData("s = \"é\\q\"\n", TomlDiagnosticCodes.InvalidEscape, 1, 7)]
    [InlineData("s = \"😀\\q\"\n", TomlDiagnosticCodes.InvalidEscape, 1, 8)]
    [InlineData("\n\nn = 01\n", TomlDiagnosticCodes.InvalidInteger, 3, 5)]
    [InlineData("n = 9223372036854775808\n", TomlDiagnosticCodes.IntegerOverflow, 1, 5)]
    [InlineData("d = 2023-02-30\n", TomlDiagnosticCodes.InvalidDateTime, 1, 5)]
    [InlineData("t = {a = 1,}\n", TomlDiagnosticCodes.InvalidInlineTable, 1, 11)]
    [InlineData("t = {a = 1\n}\n", TomlDiagnosticCodes.InvalidInlineTable, 1, 11)]
    [InlineData("a = [1, 2\n", TomlDiagnosticCodes.UnexpectedEndOfFile, 1, 5)]
    [InlineData("a = \"open\nb = 1\n", TomlDiagnosticCodes.UnterminatedString, 1, 5)]
    [InlineData("a = 1 b = 2\n", TomlDiagnosticCodes.ExpectedNewline, 1, 7)]
    [InlineData("a = {}\n[a.b]\n", TomlDiagnosticCodes.CannotExtend, 2, 2)]
    [InlineData("a = [1]\n[[a]]\n", TomlDiagnosticCodes.CannotExtend, 2, 3)]
    [InlineData("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", TomlDiagnosticCodes.TableRedefinition, 4, 1)]
    [InlineData("# ok\r\nx = 1\r\ny = \"\u0001\"\r\n", TomlDiagnosticCodes.ControlCharacter, 3, 6)]
    [InlineData("\uFEFFa = 1\n\uFEFFb = 2\n", TomlDiagnosticCodes.InvalidEncoding, 2, 1)]
    public void ReportsCodeLineAndColumn(string toml, string code, int line, int column)
    {
        var document = Toml.Parse(toml, "config.toml");
        Assert.True(document.HasErrors);
        var first = document.Diagnostics[0];
        Assert.Equal((code, line, column), (first.Code, first.Line, first.Column));
        Assert.StartsWith($"config.toml({line},{column}): error {code}: ", first.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsReportedAtTheBadByte()
    {
        byte[] bytes = "a = \"x"u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat("\"\n"u8.ToArray()).ToArray();
        var document = Toml.Parse(bytes);
        var d = Assert.Single(document.Diagnostics);
        Assert.Equal((TomlDiagnosticCodes.InvalidEncoding, 1, 7, 6), (d.Code, d.Line, d.Column, d.Offset));
    }

    [Fact]
    public void DeepNestingIsADiagnosticNotAStackOverflow()
    {
        string toml = "a = " + new string('[', 100_000);
        var document = Toml.Parse(toml);
        var d = Assert.Single(document.Diagnostics);
        Assert.Equal((TomlDiagnosticCodes.NestingTooDeep, 1, 133), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void SemanticErrorsAreAllCollected()
    {
        var document = Toml.Parse("a = 1\na = 2\nb = 1\nb = 2\n");
        Assert.Equal(new[] { 2, 4 }, document.Diagnostics.Select(d => d.Line));
        Assert.All(document.Diagnostics, d => Assert.Equal(TomlDiagnosticCodes.DuplicateKey, d.Code));
    }

    [Fact]
    public void ToModelThrowsWithDiagnosticsButParseDoesNot()
    {
        var document = Toml.Parse("a = ");
        Assert.True(document.HasErrors);
        var ex = Assert.Throws<TomlException>(() => document.ToModel());
        Assert.Same(document.Diagnostics, ex.Diagnostics);
        Assert.Contains("FF5010", ex.Message, StringComparison.Ordinal);
        Assert.Throws<TomlException>(() => Toml.ToModel("x = [1,,]"));
    }

    [Fact]
    public void LoneSurrogateInStringInputIsADiagnostic()
    {
        var document = Toml.Parse("a = \"\uD800\"");
        Assert.Equal(TomlDiagnosticCodes.InvalidEncoding, Assert.Single(document.Diagnostics).Code);
    }
}
