using System.Text;

namespace FlowForge.Tool.Init;

/// <summary>
/// The end-of-build summary line at every verbosity: Directory.Build.rsp (read by MSBuild in every build below it)
/// names FlowForge's summary logger, and the logger's assembly is copied to <c>.flowforge/</c> beside it. MSBuild
/// creates loggers before it restores, so the logger cannot be taken from the restored package: on a fresh clone that
/// file would not exist yet and the build would fail (MSB1021). Both files are meant to be committed.
/// </summary>
public static class SummaryLoggerSetup
{
    public const string ResponseFile = "Directory.Build.rsp";
    public const string AssemblyFileName = "FlowForge.Build.Logging.dll";
    public const string LoggerType = "FlowForge.Build.Logging.FlowForgeSummaryLogger";
    /// <summary>The folder, relative to the repository root, that holds the logger's copy.</summary>
    public const string Folder = ".flowforge";

    /// <summary>The switch, with the path relative to the response file (MSBuild expands %MSBuildThisFileDirectory% there).</summary>
    public static string Switch => $"-logger:{LoggerType},%MSBuildThisFileDirectory%{Folder}/{AssemblyFileName}";

    /// <summary>The logger assembly shipped with this tool.</summary>
    public static string BundledAssembly => Path.Combine(AppContext.BaseDirectory, AssemblyFileName);

    public static void Plan(string root, string loggerAssembly, List<FileEdit> edits, List<string> errors)
    {
        if (!File.Exists(loggerAssembly))
        {
            errors.Add($"error {InitDiagnosticCodes.InvalidArgument}: the summary logger's assembly '{loggerAssembly}' is missing from the tool's folder. Reinstall the tool (dotnet tool update -g FlowForge.Tool), or run init with --no-summary-logger.");
            return;
        }
        var bytes = File.ReadAllBytes(loggerAssembly);
        var copy = Path.Combine(root, Folder, AssemblyFileName);
        bool copyExists = File.Exists(copy);
        if (!copyExists || !File.ReadAllBytes(copy).AsSpan().SequenceEqual(bytes))
            edits.Add(new FileEdit(copy, !copyExists, [copyExists ? "summary logger updated to this tool's version" : "summary logger assembly (commit it: MSBuild loads it before restore)"], bytes));

        var rsp = Path.Combine(root, ResponseFile);
        if (!File.Exists(rsp))
        {
            var text = "# FlowForge: one summary line at the end of every build (dotnet flowforge init).\n" + Switch + "\n";
            edits.Add(new FileEdit(rsp, true, ["summary logger switch"], Encoding.UTF8.GetBytes(text)));
            return;
        }
        var original = File.ReadAllText(rsp);
        var newLine = original.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = original.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        int existing = lines.FindIndex(l => l.Contains(LoggerType, StringComparison.Ordinal) || l.Contains("FlowForge.Build.Tasks.FlowForgeSummaryLogger", StringComparison.Ordinal));
        string change;
        if (existing >= 0)
        {
            if (lines[existing].Trim() == Switch) return;
            lines[existing] = Switch;
            change = "summary logger switch updated";
        }
        else
        {
            if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
            lines.Add("# FlowForge: one summary line at the end of every build (dotnet flowforge init).");
            lines.Add(Switch);
            lines.Add("");
            change = "summary logger switch added";
        }
        edits.Add(new FileEdit(rsp, false, [change], Encoding.UTF8.GetBytes(string.Join(newLine, lines))));
    }
}
