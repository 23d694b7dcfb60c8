using Spectre.Console;
using FlowForge.Tool;
using FlowForge.Tool.Commands;

namespace FlowForge.Tool.Tests;

/// <summary>`dotnet flowforge report`'s command line: coded errors without stack traces, argument parsing, --build's -bl handling.
/// Reports on real binlogs are tested in FlowForge.Reporting.Tests and the end-to-end tests.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ff-report-cmd-" + Guid.NewGuid().ToString("N")[..8]);

    public ReportCommandTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void NoBinlogInTheFolderIsFF8001()
    {
        var (exit, _, error) = Run(new ReportCommand.ReportOptions { WorkingDirectory = _folder, Environment = _ => null });
        Assert.Equal(1, exit);
        Assert.StartsWith("error FF8001: no *.binlog in", error);
    }

    [Fact]
    public void AFileThatIsNotABinlogIsFF8002WithoutAStackTrace()
    {
        File.WriteAllText(Path.Combine(_folder, "msbuild.binlog"), "hello");
        var (exit, output, error) = Run(new ReportCommand.ReportOptions { WorkingDirectory = _folder, Format = "json", Environment = _ => null });
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error FF8002:", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void CompareNeedsTwoBinlogs()
    {
        var (exit, _, error) = Run(new ReportCommand.ReportOptions { WorkingDirectory = _folder, Compare = ["one.binlog"], Environment = _ => null });
        Assert.Equal(1, exit);
        Assert.StartsWith("error FF8008:", error);
    }

    [Fact]
    public void TheCommandLineRejectsUnknownFormatsAndPassesEverythingAfterBuildToDotnetBuild()
    {
        var root = Program.BuildRootCommand();
        Assert.NotEmpty(root.Parse(["report", "--format", "pdf"]).Errors);
        var parsed = root.Parse(["report", "--format", "json", "--build", "App.sln", "-c", "Release", "-p:X=1"]);
        Assert.Empty(parsed.Errors);
        var tokens = parsed.Tokens.Select(t => t.Value).ToList();
        Assert.Equal(["App.sln", "-c", "Release", "-p:X=1"], tokens.Skip(tokens.IndexOf("--build") + 1));
    }

    [Theory]
    [InlineData("-bl", "")]
    [InlineData("-bl:out/x.binlog", "out/x.binlog")]
    [InlineData("/bl:x.binlog", "x.binlog")]
    [InlineData("--binaryLogger:LogFile=y.binlog;ProjectImports=None", "y.binlog")]
    [InlineData("-c", null)]
    [InlineData("-blah", null)]
    public void BuildRecognisesTheUsersOwnBinlogSwitch(string argument, string? expected) =>
        Assert.Equal(expected, BuildWithBinlog.BinlogPathOf(argument));

    [Fact]
    public void AnUnknownFormatIsFF8008()
    {
        File.WriteAllText(Path.Combine(_folder, "x.binlog"), "hello");
        var (exit, _, error) = Run(new ReportCommand.ReportOptions { WorkingDirectory = _folder, Format = "bogus", Environment = _ => null });
        Assert.Equal(1, exit);
        Assert.StartsWith("error FF8008: unknown format 'bogus'", error);
    }

    [Fact]
    public void OffATerminalOrWithNoColorTheConsoleFormatHasNoColourCodes()
    {
        var output = new StringWriter();
        var console = ReportCommand.ConsoleFor(output, _ => null);
        Assert.False(console.Profile.Capabilities.Ansi);
        Assert.Equal(Spectre.Console.ColorSystem.NoColors, console.Profile.Capabilities.ColorSystem);
        console.MarkupLine("[red]error[/] and [green]ok[/]");
        Assert.Equal("error and ok", output.ToString().TrimEnd());
        Assert.DoesNotContain('\u001b', output.ToString()); // a char: culture-aware string search ignores control characters
        var noColor = ReportCommand.ConsoleFor(System.Console.Out, name => name == "NO_COLOR" ? "1" : null);
        Assert.Equal(Spectre.Console.ColorSystem.NoColors, noColor.Profile.Capabilities.ColorSystem);
        Assert.False(noColor.Profile.Capabilities.Ansi);
    }

    private static (int Exit, string Output, string Error) Run(ReportCommand.ReportOptions options)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ReportCommand.Run(options, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
