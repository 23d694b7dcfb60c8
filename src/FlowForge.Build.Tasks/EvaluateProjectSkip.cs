using System.Diagnostics;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.ProjectSkip;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Project skip's decision, before any of the project's build targets: eligible (<see cref="ProjectSkipEligibility"/>),
/// then the project fingerprint against the one the last real build recorded, then the outputs against their recorded
/// identities. Skip: none of the project's build targets run (FlowForge.Build.ProjectSkip.targets). Logs one line,
/// writes the record's project-skip section for a skip; a build's section is written after the build.
/// </summary>
public sealed class EvaluateProjectSkip : ProjectSkipTask
{
    /// <summary>$(FlowForgeProjectSkip): true or false.</summary>
    public string? Enabled { get; set; }
    /// <summary>$(UsingMicrosoftNETSdk).</summary>
    public string? UsingNetSdk { get; set; }
    /// <summary>Properties that run more than the SDK's build when set (<c>Name=Value</c>): PreBuildEvent, PostBuildEvent,
    /// GeneratePackageOnBuild, DeployOnBuild.</summary>
    public string[] EligibilityProperties { get; set; } = [];
    /// <summary>True when the outputs carry the commit (see <see cref="ProjectSkipEligibility.StampsCommit"/>).</summary>
    public string? StampsCommit { get; set; }
    public int TemplateItems { get; set; }
    /// <summary>Folders whose MSBuild files are modelled: the SDK's and FlowForge's package folder.</summary>
    public string[] ModelledRoots { get; set; } = [];

    [Output] public bool Skip { get; private set; }
    [Output] public string Decision { get; private set; } = ProjectSkipDecision.Outcomes.Off;
    [Output] public string? Fingerprint { get; private set; }
    /// <summary>Why the project has no fingerprint (not eligible), for the projects that reference it.</summary>
    [Output] public string? Reason { get; private set; }
    /// <summary>Why it built or is not eligible, one line each.</summary>
    [Output] public string[] Reasons { get; private set; } = [];
    /// <summary>When the decision started (UTC ticks), for the recorded build time.</summary>
    [Output] public string? StartedTicks { get; private set; }

    protected override void ExecuteCore()
    {
        var clock = Stopwatch.StartNew();
        StartedTicks = DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var enabled = (Enabled ?? "").Trim();
        if (!enabled.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            if (!enabled.Equals("false", StringComparison.OrdinalIgnoreCase))
                Report(Diagnostic.Error(DiagnosticCodes.ProjectSkipSettingInvalid,
                    $"FlowForgeProjectSkip is '{Enabled}'; it must be true or false (project.skip in flowforge.toml, or -p:FlowForgeProjectSkip=false).",
                    ProjectFile));
            Reason = "project skip is off";
            return;
        }

        var eligibility = new ProjectSkipEligibility
        {
            UsingNetSdk = string.Equals(UsingNetSdk, "true", StringComparison.OrdinalIgnoreCase),
            Properties = NamedValues.Parse(EligibilityProperties).ToDictionary(e => e.Name, e => e.Value, StringComparer.OrdinalIgnoreCase),
            StampsCommit = string.Equals(StampsCommit, "true", StringComparison.OrdinalIgnoreCase),
            TemplateItems = TemplateItems,
            Imports = AllImports ?? [],
            ModelledRoots = ModelledRoots,
        };
        var inputs = BuildInputs();
        var notEligible = (AllImports is null ? "MSBuild did not give the project's list of imported files" : null)
            ?? eligibility.FindReason() ?? ReferenceReason(inputs);
        if (notEligible is not null)
        {
            // Whatever a previous eligible build recorded no longer describes this project's build.
            ProjectSkipState.Delete(StateFile);
            Finish(ProjectSkipDecision.NotEligible(notEligible), null, clock);
            return;
        }

        var fingerprint = ProjectFingerprint.Compute(inputs, StatCache());
        var previous = ProjectSkipState.TryLoad(StateFile, out var corrupt);
        if (corrupt is not null)
            Report(Diagnostic.Warning(DiagnosticCodes.ProjectSkipStateCorrupt,
                $"FlowForge's project-skip state '{StateFile}' is unreadable ({corrupt}); the project builds once and the state is rewritten. Nothing else is needed.",
                StateFile));
        List<OutputFileIdentity>? refreshed = null;
        var decision = ProjectSkipDecision.Decide(fingerprint, previous,
            state => OutputSnapshot.FindDifference(state.Outputs, OutputFolders, OutputExclusions, ProjectDirectory, out refreshed), ProjectDirectory);
        if (decision.IsSkip && previous is not null && refreshed is not null) RefreshState(previous, refreshed);
        // A build is about to change the outputs: the state describing the old ones goes first, so a failed or
        // cancelled build never leaves a state that a later build could skip on.
        if (!decision.IsSkip)
        {
            ProjectSkipState.Delete(StateFile);
            ProjectSkipHandoff.For(BuildEngine).Publish(StateFile, fingerprint);
        }
        Skip = decision.IsSkip;
        Fingerprint = fingerprint.Value;
        Finish(decision, previous, clock);
    }

    /// <summary>Some outputs were confirmed by content (touched, or recorded right after the build wrote them): the state
    /// takes their identity as seen now, so the next decision trusts one stat per output again (as git refreshes its
    /// index). Only the outputs' stat data change; a failure to write just means reading them again next time.</summary>
    private void RefreshState(ProjectSkipState previous, List<OutputFileIdentity> refreshed)
    {
        previous.Outputs = refreshed;
        try { previous.Save(StateFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Low, "FlowForge project skip: could not refresh '{0}' ({1}); the outputs are read again next time.", StateFile, e.Message);
        }
    }

    private static string? ReferenceReason(ProjectSkipInputs inputs)
    {
        foreach (var reference in inputs.References)
            if (reference.Fingerprint is null)
                return $"referenced project {Path.GetFileNameWithoutExtension(reference.Project)} {reference.Reason}";
        return null;
    }

    private void Finish(ProjectSkipDecision decision, ProjectSkipState? previous, Stopwatch clock)
    {
        Decision = decision.Outcome;
        Reasons = [.. decision.Reasons];
        if (decision.Outcome == ProjectSkipDecision.Outcomes.NotEligible) Reason = "is not eligible: " + decision.Reasons[0];
        var line = "FlowForge project skip: " + decision.Describe();
        Log.LogMessage(decision.IsSkip ? MessageImportance.High : MessageImportance.Normal, line);
        if (!decision.IsSkip) return;
        // The gate does not run on a skip: this record is the build's record of the project.
        WriteRecordSection(new ProjectRecord.ProjectSkipSection
        {
            Decision = decision.Outcome,
            Reasons = [.. decision.Reasons],
            Fingerprint = Fingerprint,
            DecisionMs = clock.Elapsed.TotalMilliseconds,
            BuildMsSaved = previous?.BuildMs,
        }, freshRecord: true, summary: decision.Describe());
    }
}
