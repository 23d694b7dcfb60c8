using Microsoft.Build.Framework;
using Microsoft.Build.Logging.StructuredLogger;

namespace FlowForge.Reporting.Reading;

/// <summary>
/// Streams a binlog's events (MSBuild.StructuredLogger's <see cref="BinLogReader"/>, record by record, like
/// <c>BinaryLog.ReadRecords</c>): one event in memory at a time, and only the kinds the report reads are deserialized. Turns a missing, foreign, corrupt or truncated file into a <see cref="ReportException"/> with
/// its FF8xxx code, and collects the reader's "unknown data" complaints as warnings.
/// </summary>
public static class BinlogEvents
{
    public static void Read(string path, Action<BuildEventArgs> onEvent, List<string> warnings, out int fileFormatVersion)
    {
        if (!File.Exists(path))
            throw new ReportException(ReportDiagnosticCodes.BinlogNotFound, $"binlog '{path}' does not exist. Pass the path of a binlog or build with `dotnet build -bl` first.");
        CheckHeader(path);

        var reader = new BinLogReader { EventFilter = Wanted };
        var version = 0;
        reader.OnFileFormatVersionRead += v => version = v;
        reader.RecoverableReadError += e =>
        {
            if (warnings.Count < 20) warnings.Add($"warning {ReportDiagnosticCodes.UnknownBinlogData}: {e.GetFormattedMessage()} (skipped; update the FlowForge tool to read it)");
        };
        Exception? failure = null;
        reader.OnException += e => failure ??= e;
        var events = 0;
        var finished = false;
        reader.AnyEventRaised += (_, e) =>
        {
            events++;
            if (e is BuildFinishedEventArgs) finished = true;
            onEvent(e);
        };
        try
        {
            // Replay streams like ReadRecords (one event at a time) and, unlike it, honours the event filter.
            reader.Replay(path);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or FormatException
                                      or InvalidOperationException or NotSupportedException or ArgumentException
                                      or IndexOutOfRangeException or OverflowException)
        {
            failure ??= e;
        }
        fileFormatVersion = version;
        if (failure is EndOfStreamException || reader.HasEncounteredTruncation || failure is InvalidDataException && events > 0)
            throw new ReportException(ReportDiagnosticCodes.TruncatedBinlog,
                $"binlog '{path}' is truncated after {events} events (the build was killed, or the file is a partial copy). Build again to get a complete binlog.");
        if (failure is not null)
            throw new ReportException(events > 0 ? ReportDiagnosticCodes.TruncatedBinlog : ReportDiagnosticCodes.NotABinlog,
                $"binlog '{path}' cannot be read after {events} events: {failure.Message.Split('\n')[0]}. Build again with `dotnet build -bl` to get a complete binlog.");
        if (events == 0)
            throw new ReportException(ReportDiagnosticCodes.NotABinlog, $"'{path}' holds no build events; it is not a binlog written by `dotnet build -bl`.");
        // MSBuild always ends a binlog with BuildFinished: without it the file was cut (the reader stops quietly at a gzip end).
        if (!finished)
            throw new ReportException(ReportDiagnosticCodes.TruncatedBinlog,
                $"binlog '{path}' ends after {events} events without the build's end (the build was killed, or the file is a partial copy). Build again to get a complete binlog.");
    }

    /// <summary>
    /// Only the events the report reads are deserialized (v18+ binlogs skip the others' payloads): most of a binlog is
    /// evaluation detail (imports, property reassignments, messages outside targets) that a report does not need.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool Wanted(BinaryLogEventMetadata e) => e.RecordKind switch
    {
        BinaryLogRecordKind.BuildStarted or BinaryLogRecordKind.BuildFinished or BinaryLogRecordKind.ProjectStarted
            or BinaryLogRecordKind.ProjectFinished or BinaryLogRecordKind.TargetStarted or BinaryLogRecordKind.TargetFinished
            or BinaryLogRecordKind.TaskStarted or BinaryLogRecordKind.TaskFinished or BinaryLogRecordKind.TargetSkipped
            or BinaryLogRecordKind.Error or BinaryLogRecordKind.Warning or BinaryLogRecordKind.BuildCheckError or BinaryLogRecordKind.BuildCheckWarning
            or BinaryLogRecordKind.ProjectEvaluationStarted or BinaryLogRecordKind.ProjectEvaluationFinished or BinaryLogRecordKind.EnvironmentVariableRead => true,
        // Task inputs (MSBuild's Projects, Csc's UseSharedCompilation) are logged in a task's context.
        BinaryLogRecordKind.TaskParameter => e.BuildEventContext is null || e.BuildEventContext.TaskId >= 0,
        // Incrementality reasons, copies, FlowForge's lines and "Set Property" are logged inside targets.
        BinaryLogRecordKind.Message => e.BuildEventContext is null || e.BuildEventContext.TargetId >= 0,
        _ => false,
    };

    /// <summary>A binlog is a gzip stream: anything else is refused before the reader sees it.</summary>
    private static void CheckHeader(string path)
    {
        Span<byte> header = stackalloc byte[2];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.Read(header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportException(ReportDiagnosticCodes.NotABinlog, $"binlog '{path}' cannot be opened: {e.Message}");
        }
        if (read < 2 || header[0] != 0x1f || header[1] != 0x8b)
            throw new ReportException(ReportDiagnosticCodes.NotABinlog,
                $"'{path}' is not a binary log (it is not gzip-compressed). Build with `dotnet build -bl` and pass the msbuild.binlog it writes.");
    }
}
