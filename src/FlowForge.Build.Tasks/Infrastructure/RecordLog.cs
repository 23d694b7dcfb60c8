using FlowForge.Core.Records;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// Logs a project's record as structured data (a low-importance message, <see cref="ProjectRecordLog"/>) wherever the
/// record is written: a binlog then carries what <c>dotnet flowforge report</c> needs without the obj/ folders.
/// Low importance keeps it out of console output; a binlog records every message.
/// </summary>
internal static class RecordLog
{
    public static void Write(TaskLoggingHelper log, ProjectRecord record) =>
        log.LogMessage(MessageImportance.Low, "{0}", ProjectRecordLog.Format(record));
}
