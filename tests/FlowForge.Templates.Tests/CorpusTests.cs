using System.Text.RegularExpressions;
using FlowForge.Templates.Validation;
using FlowForge.Templates.Values;

namespace FlowForge.Templates.Tests;

/// <summary>
/// Every Corpus/good/*.tera renders and validates cleanly; every Corpus/bad/*.tera fails with the (code, line, column)
/// written in its first line: <c>{# expect: FF4003 3:7 #}</c>. Variables: Corpus/variables.toml; schemas: NAME.schema.toml next to the template.
/// </summary>
public sealed class CorpusTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> Good() => Files("good");

    public static TheoryData<string> Bad() => Files("bad");

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus, folder), "*.tera").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    private static TemplateVariables Variables()
    {
        var diagnostics = new List<TemplateDiagnostic>();
        var file = TemplateVariables.LoadFile(Path.Combine(Corpus, "variables.toml"), diagnostics);
        Assert.Empty(diagnostics);
        return TemplateVariables.Create(null, file, null);
    }

    [Theory]
    [MemberData(nameof(Good))]
    public void GoodTemplatesValidate(string name)
    {
        var result = TemplateFiles.Validate(Path.Combine(Corpus, "good", name), Variables());
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void BadTemplatesFailAtTheExpectedPosition(string name)
    {
        var path = Path.Combine(Corpus, "bad", name);
        var header = File.ReadLines(path).First();
        var expect = Regex.Match(header, @"\{# expect: (FF\d{4}) (\d+):(\d+) #\}");
        Assert.True(expect.Success, $"{name} needs a first line '{{# expect: FF4xxx line:col #}}'");
        var result = TemplateFiles.Validate(path, Variables());
        Assert.False(result.Succeeded);
        var first = Assert.IsType<TemplateDiagnostic>(result.Diagnostics.FirstOrDefault(d => d.IsError), exactMatch: false);
        Assert.Equal((expect.Groups[1].Value, int.Parse(expect.Groups[2].Value), int.Parse(expect.Groups[3].Value)), (first.Code, first.Line, first.Column));
        Assert.Matches(@"^.+\(\d+,\d+\): error FF4\d{3}: .+", first.ToString());
    }

    [Fact]
    public void CorpusCoversEveryKindOfProblem()
    {
        var codes = Directory.GetFiles(Path.Combine(Corpus, "bad"), "*.tera")
            .Select(f => Regex.Match(File.ReadLines(f).First(), "FF\\d{4}").Value).ToHashSet();
        foreach (var code in new[] { "FF4001", "FF4002", "FF4003", "FF4004", "FF4005", "FF4006", "FF4007", "FF4008", "FF4009", "FF4010", "FF4011", "FF4012", "FF4013" })
            Assert.Contains(code, codes);
    }
}
