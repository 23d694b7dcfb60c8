namespace FlowForge.Reporting;

/// <summary>
/// Diagnostic codes of <c>dotnet flowforge report</c> (FF8xxx). Errors end the command with exit code 1 and one line
/// on stderr (never a stack trace); warnings are printed on stderr and listed in the report.
/// </summary>
public static class ReportDiagnosticCodes
{
    /// <summary>Error: no binlog to read: the given file does not exist, or the current folder has no <c>*.binlog</c>.
    /// Fix: pass the path of a binlog, build with <c>dotnet build -bl</c> first, or use <c>--build</c>.</summary>
    public const string BinlogNotFound = "FF8001";

    /// <summary>Error: the file is not a binary log, or its header is unreadable (corrupt, or not written by MSBuild's <c>-bl</c>).
    /// Fix: rebuild with <c>dotnet build -bl</c> and pass the new <c>msbuild.binlog</c>.</summary>
    public const string NotABinlog = "FF8002";

    /// <summary>Error: the binlog ends in the middle of a record (the build was killed, the disk filled up, or the copy is partial).
    /// Fix: build again to get a complete binlog; a binlog is only complete once the build has finished.</summary>
    public const string TruncatedBinlog = "FF8003";

    /// <summary>Warning: the binlog holds records this reader does not know (written by a newer MSBuild); they were skipped
    /// and the report may miss details. Fix: update the FlowForge tool (it updates MSBuild.StructuredLogger).</summary>
    public const string UnknownBinlogData = "FF8004";

    /// <summary>Warning: a project's FlowForge record (<c>obj/…/flowforge/record.json</c>) could not be read; the report
    /// shows that project without FlowForge's details. Fix: build the project again (the record is rewritten).</summary>
    public const string UnreadableRecord = "FF8005";

    /// <summary>Error: <c>--build</c> could not start <c>dotnet build</c>, or the build wrote no binlog.
    /// Fix: check that <c>dotnet</c> is on the PATH and that the arguments after <c>--build</c> are valid for <c>dotnet build</c>.</summary>
    public const string BuildDidNotRun = "FF8006";

    /// <summary>Error: the report could not be written (the <c>--output</c> folder does not exist or is read-only), or
    /// <c>$GITHUB_STEP_SUMMARY</c> could not be appended to (a warning in that case). Fix: pass a writable <c>--output</c> path.</summary>
    public const string CannotWriteReport = "FF8007";

    /// <summary>Error: the command line is inconsistent: <c>--compare</c> needs exactly two binlogs, or an unknown <c>--format</c>.
    /// Fix: <c>dotnet flowforge report --compare before.binlog after.binlog</c>; formats are console, markdown, json and html.</summary>
    public const string InvalidArguments = "FF8008";
}
