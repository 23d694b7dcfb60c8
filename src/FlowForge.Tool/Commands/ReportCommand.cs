using System.CommandLine;
using System.Runtime.CompilerServices;
using FlowForge.Config;
using FlowForge.Reporting;
using FlowForge.Reporting.Model;
using FlowForge.Reporting.Rendering;
using Spectre.Console;

namespace FlowForge.Tool.Commands;

internal static partial class ToolCommands
{
    static partial void AddReport(List<Command> commands) => commands.Add(ReportCommand.Create());
}

/// <summary>
/// <c>dotnet flowforge report [binlog] [--format console|markdown|json|html] [--output file] [--top n]
/// [--compare a.binlog b.binlog] [--build &lt;dotnet build arguments…&gt;]</c>: why the build took its time and why each
/// project rebuilt. The analysis lives in FlowForge.Reporting; this class parses options, finds the binlog, runs
/// <c>dotnet build -bl</c> for <c>--build</c>, and writes the chosen format (plus Markdown to $GITHUB_STEP_SUMMARY).
/// </summary>
public static class ReportCommand
{
    public static readonly string[] Formats = ["console", "markdown", "json", "html"];

    public static Command Create()
    {
        var binlog = new Argument<string?>("binlog")
        {
            Description = "The binlog to read. Default: the newest *.binlog in the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var format = new Option<string?>("--format") { Description = "console (default, or report.format of flowforge.toml), markdown, json or html." };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output") { Description = "Write the report to this file (html default: <binlog>.report.html next to the binlog)." };
        var top = new Option<int>("--top") { Description = "Rows in the 'slowest' tables.", DefaultValueFactory = _ => 10 };
        var compare = new Option<string[]>("--compare") { Description = "Compare two binlogs: --compare before.binlog after.binlog.", AllowMultipleArgumentsPerToken = true, Arity = new ArgumentArity(2, 2) };
        var build = new Option<string[]>("--build")
        {
            Description = "Run `dotnet build -bl` first with the arguments that follow (put --build last: everything after it goes to dotnet build).",
            Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("report", "Why the build took its time and why each project rebuilt: summary, slowest projects/targets/tasks, critical path, FlowForge totals.")
        {
            binlog, format, output, top, compare, build,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            var tokens = result.Tokens.Select(t => t.Value).ToList();
            var buildAt = tokens.IndexOf("--build");
            var options = new ReportOptions
            {
                Binlog = result.GetValue(binlog),
                Format = result.GetValue(format),
                Output = result.GetValue(output),
                Top = result.GetValue(top),
                Compare = result.GetValue(compare),
                BuildArguments = buildAt >= 0 ? tokens.Skip(buildAt + 1).ToArray() : null,
            };
            if (buildAt < 0 && result.UnmatchedTokens.Count > 0)
            {
                System.Console.Error.WriteLine($"error {ReportDiagnosticCodes.InvalidArguments}: unrecognized argument(s) {string.Join(' ', result.UnmatchedTokens)}. See `dotnet flowforge report --help`.");
                return 1;
            }
            if (buildAt >= 0) options.Binlog = null;
            return Run(options, System.Console.Out, System.Console.Error);
        });
        return command;
    }

    public sealed class ReportOptions
    {
        public string? Binlog { get; set; }
        public string? Format { get; set; }
        public string? Output { get; set; }
        public int Top { get; set; } = 10;
        public string[]? Compare { get; set; }
        /// <summary>Non-null: run `dotnet build -bl` with these arguments first.</summary>
        public string[]? BuildArguments { get; set; }
        public string WorkingDirectory { get; set; } = Directory.GetCurrentDirectory();
        public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;
        /// <summary>Environment variables to set (or remove, when null) for the build run by --build.</summary>
        public IReadOnlyDictionary<string, string?>? BuildEnvironment { get; set; }
    }

    /// <returns>0, or 1 on an FF8xxx error or when the build run by --build failed.</returns>
    public static int Run(ReportOptions options, TextWriter output, TextWriter error)
    {
        try
        {
            EnsureMsBuild();
            return RunCore(options, output, error);
        }
        catch (ReportException e)
        {
            error.WriteLine($"error {e.Code}: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// StructuredLogger's event types live in Microsoft.Build.Framework, which the tool does not ship: point the runtime at the
    /// SDK's copy first (unless a copy sits next to the application, as in test hosts).
    /// </summary>
    private static void EnsureMsBuild()
    {
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "Microsoft.Build.Framework.dll"))) return;
        if (AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.Build.Framework")) return;
        Affected.MsBuildRegistration.Ensure();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunCore(ReportOptions options, TextWriter output, TextWriter error)
    {
        var format = options.Format ?? DefaultFormat(options.WorkingDirectory);
        if (!Formats.Contains(format))
            throw new ReportException(ReportDiagnosticCodes.InvalidArguments, $"unknown format '{format}'; use console, markdown, json or html.");

        if (options.Compare is { Length: > 0 } pair)
        {
            if (pair.Length != 2) throw new ReportException(ReportDiagnosticCodes.InvalidArguments, "--compare needs exactly two binlogs: --compare before.binlog after.binlog.");
            var comparison = ReportComparison.Compute(BinlogReport.Read(Full(options, pair[0])), BinlogReport.Read(Full(options, pair[1])), options.Top);
            switch (format)
            {
                case "json": Emit(options, ReportJson.Write(comparison) + Environment.NewLine, output); break;
                case "markdown": Emit(options, MarkdownReport.Write(comparison, options.Top), output); break;
                case "html":
                    var page = options.Output is { } o ? Full(options, o) : Path.ChangeExtension(Full(options, pair[1]), ".compare.html");
                    Write(page, HtmlReport.Write(comparison, options.Top));
                    output.WriteLine($"HTML comparison written to {page}");
                    break;
                default: WriteConsole(options, output, console => ConsoleReport.Write(comparison, console, options.Top)); break;
            }
            AppendStepSummary(options, MarkdownReport.Write(comparison, options.Top), error);
            return 0;
        }

        var buildExit = 0;
        string binlog;
        if (options.BuildArguments is { } arguments) (binlog, buildExit) = BuildWithBinlog.Run(arguments, options.WorkingDirectory, options.BuildEnvironment, error);
        else binlog = options.Binlog is { } given ? Full(options, given)
            : BinlogReport.FindNewest(options.WorkingDirectory)
              ?? throw new ReportException(ReportDiagnosticCodes.BinlogNotFound, $"no *.binlog in {options.WorkingDirectory}. Build with `dotnet build -bl`, pass a binlog's path, or use `dotnet flowforge report --build`.");

        var report = BinlogReport.Read(binlog, Math.Max(options.Top, 20));
        foreach (var warning in report.ReaderWarnings) error.WriteLine(warning);
        switch (format)
        {
            case "json": Emit(options, ReportJson.Write(report) + Environment.NewLine, output); break;
            case "markdown": Emit(options, MarkdownReport.Write(report, options.Top), output); break;
            case "html":
                var file = options.Output is { } o ? Full(options, o) : Path.ChangeExtension(binlog, ".report.html");
                Write(file, HtmlReport.Write(report));
                output.WriteLine($"HTML report written to {file}");
                break;
            default: WriteConsole(options, output, console => ConsoleReport.Write(report, console, options.Top)); break;
        }
        AppendStepSummary(options, MarkdownReport.Write(report, options.Top), error);
        return buildExit == 0 ? 0 : 1;
    }

    private static string DefaultFormat(string directory)
    {
        try { return FlowForgeConfig.Load(directory).Settings.ReportFormat; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "console"; }
    }

    private static void Emit(ReportOptions options, string text, TextWriter output)
    {
        if (options.Output is { } file)
        {
            Write(Full(options, file), text);
            output.WriteLine($"report written to {Full(options, file)}");
        }
        else output.Write(text);
    }

    private static void Write(string file, string text)
    {
        try { File.WriteAllText(file, text); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportException(ReportDiagnosticCodes.CannotWriteReport, $"cannot write '{file}': {e.Message}. Pass a writable --output path.");
        }
    }

    /// <summary>In GitHub Actions, the Markdown report becomes the job's summary page.</summary>
    private static void AppendStepSummary(ReportOptions options, string markdown, TextWriter error)
    {
        var summary = options.Environment("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(summary)) return;
        try { File.AppendAllText(summary, markdown + Environment.NewLine); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"warning {ReportDiagnosticCodes.CannotWriteReport}: cannot append to $GITHUB_STEP_SUMMARY ('{summary}'): {e.Message}");
        }
    }

    private static string Full(ReportOptions options, string path) => Path.GetFullPath(path, options.WorkingDirectory);

    /// <summary>The console format: to the terminal, or as plain text to --output.</summary>
    private static void WriteConsole(ReportOptions options, TextWriter output, Action<IAnsiConsole> write)
    {
        if (options.Output is not { } file)
        {
            write(ConsoleFor(output, options.Environment));
            return;
        }
        var text = new StringWriter();
        write(ConsoleFor(text, options.Environment));
        Write(Full(options, file), text.ToString());
        output.WriteLine($"report written to {Full(options, file)}");
    }

    /// <summary>
    /// Colour only on a terminal: never in a file, a pipe or a CI log, and never with NO_COLOR set (no-color.org).
    /// Off a terminal there is no width to respect either: lines are not wrapped below 160 columns.
    /// </summary>
    internal static IAnsiConsole ConsoleFor(TextWriter output, Func<string, string?> environment)
    {
        var terminal = output == System.Console.Out && !System.Console.IsOutputRedirected;
        var colour = terminal && string.IsNullOrEmpty(environment("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = Math.Max(console.Profile.Width, 160);
        return console;
    }
}