using System.Diagnostics;
using System.Globalization;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Core.ProjectSkip;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>
/// After a project's build targets all succeeded: checks that the project fingerprint still equals the one the decision
/// computed (no input changed while the build ran: each file it read stat-ed again, or the fingerprint computed again) and
/// records it with the identity of every output in bin/
/// and obj/ for the next build to skip on. Writes the record's project-skip section for builds and not-eligible projects.
/// </summary>
public sealed class RecordProjectSkip : ProjectSkipTask
{
    /// <summary>The decision's outcome and fingerprint (<see cref="EvaluateProjectSkip"/>).</summary>
    public string? Decision { get; set; }
    public string? DecisionFingerprint { get; set; }
    public string? DecisionStartedTicks { get; set; }
    /// <summary>The reasons the decision logged (for the record).</summary>
    public string[] DecisionReasons { get; set; } = [];

    protected override void ExecuteCore()
    {
        var clock = Stopwatch.StartNew();
        var section = new ProjectRecord.ProjectSkipSection { Decision = Decision ?? "", Reasons = [.. DecisionReasons] };
        if (Decision == ProjectSkipDecision.Outcomes.Built && !string.IsNullOrEmpty(DecisionFingerprint))
        {
            // The decision's fingerprint when every file it read still has the stat data it had (nothing to read, items
            // and values come from this same evaluation); else computed again, reading what changed.
            var published = ProjectSkipHandoff.For(BuildEngine).Take(StateFile);
            var fingerprint = published is not null && published.Value == DecisionFingerprint && published.FilesStillAsComputed()
                ? published
                : ProjectFingerprint.Compute(BuildInputs(), StatCache());
            section.Fingerprint = fingerprint.Value;
            if (fingerprint.Value != DecisionFingerprint)
            {
                Log.LogMessage(MessageImportance.Normal, "FlowForge project skip: an input changed during the build; the next build builds this project again.");
            }
            else
            {
                double buildMs = 0;
                if (long.TryParse(DecisionStartedTicks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var started))
                    buildMs = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - started).TotalMilliseconds;
                var state = new ProjectSkipState
                {
                    Fingerprint = fingerprint.Value,
                    Components = fingerprint.Components,
                    Outputs = OutputSnapshot.Take(OutputFolders, OutputExclusions),
                    BuildMs = buildMs,
                };
                WriteStateFile(StateFile, state.Save, "", "the next build builds this project again.");
            }
        }
        section.DecisionMs = clock.Elapsed.TotalMilliseconds;
        long? since = long.TryParse(DecisionStartedTicks, NumberStyles.Integer, CultureInfo.InvariantCulture, out var decided) ? decided : null;
        WriteRecordSection(section, freshRecord: false, summary: "FlowForge project skip: " + Decision, thisBuildSinceTicks: since);
    }
}
