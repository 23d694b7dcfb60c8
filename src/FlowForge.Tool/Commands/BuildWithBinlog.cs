using System.Diagnostics;
using FlowForge.Reporting;

namespace FlowForge.Tool.Commands;

/// <summary><c>report --build …</c>: runs <c>dotnet build</c> with the user's arguments plus a binlog, streaming its output.</summary>
internal static class BuildWithBinlog
{
    /// <returns>The binlog written and the build's exit code.</returns>
    public static (string Binlog, int ExitCode) Run(IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment, TextWriter error)
    {
        // The user's own -bl wins; otherwise the binlog goes where `dotnet build -bl` puts it.
        var userBinlog = arguments.Select(BinlogPathOf).FirstOrDefault(p => p is not null);
        var binlog = Path.GetFullPath(userBinlog is { Length: > 0 } ? userBinlog : "msbuild.binlog", workingDirectory);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        start.ArgumentList.Add("build");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (userBinlog is null) start.ArgumentList.Add("-bl:" + binlog);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var before = File.Exists(binlog) ? File.GetLastWriteTimeUtc(binlog) : DateTime.MinValue;
        int exit;
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            process.WaitForExit();
            exit = process.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ReportException(ReportDiagnosticCodes.BuildDidNotRun, $"cannot start `dotnet build`: {e.Message}. Check that dotnet is on the PATH.");
        }
        if (!File.Exists(binlog) || File.GetLastWriteTimeUtc(binlog) <= before)
            throw new ReportException(ReportDiagnosticCodes.BuildDidNotRun, $"`dotnet build` exited with {exit} and wrote no binlog at {binlog}. Check the arguments after --build.");
        if (exit != 0) error.WriteLine($"dotnet build failed (exit code {exit}); reporting on its binlog.");
        return (binlog, exit);
    }

    /// <summary>The path of a -bl/-binaryLogger switch ("" for the default msbuild.binlog), or null when the argument is not one.</summary>
    internal static string? BinlogPathOf(string argument)
    {
        var a = argument.TrimStart('-', '/');
        foreach (var name in new[] { "binaryLogger", "bl" })
        {
            if (!a.StartsWith(name, StringComparison.OrdinalIgnoreCase)) continue;
            var rest = a[name.Length..];
            if (rest.Length == 0) return "";
            if (rest[0] != ':') continue;
            // -bl:file.binlog, -bl:LogFile=file.binlog;ProjectImports=None, -bl:ProjectImports=Embed (default file)
            foreach (var part in rest[1..].Split(';'))
            {
                if (part.StartsWith("LogFile=", StringComparison.OrdinalIgnoreCase)) return part["LogFile=".Length..];
                if (part.Length > 0 && !part.Contains('=')) return part;
            }
            return "";
        }
        return null;
    }
}
