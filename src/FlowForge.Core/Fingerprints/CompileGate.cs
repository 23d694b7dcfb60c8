using FlowForge.Core.Hashing;

namespace FlowForge.Core.Fingerprints;

/// <summary>What the gate does to the files in obj/ so that MSBuild's own up-to-date check of CoreCompile agrees with it.</summary>
public enum GateAction
{
    /// <summary>MSBuild already decides the right way.</summary>
    None,
    /// <summary>Skip: set the outputs' mtimes past the newest input so CoreCompile is up to date.</summary>
    TouchOutputs,
    /// <summary>Compile although MSBuild would skip (e.g. a property changed): set one output's mtime to the past.</summary>
    AgeOutput,
}

/// <summary>One output of CoreCompile now: its path and one stat.</summary>
public sealed record OutputNow(string FullPath, string RelativePath, FileStatus Status);

/// <summary>The gate's verdict for one compile.</summary>
public sealed record GateVerdict(string Decision, GateAction Action, IReadOnlyList<string> Reasons, FingerprintDiff? Diff)
{
    public bool Skip => Decision == Records.ProjectRecord.Decisions.Skipped;
}

/// <summary>
/// The compile gate's decision, free of MSBuild: a compile is skipped exactly when its fingerprint equals the one
/// recorded for the outputs in obj/ and those outputs are intact; otherwise it runs. <see cref="GateAction"/> says how
/// to make MSBuild's timestamp check of CoreCompile agree.
/// </summary>
public static class CompileGate
{
    public const string NoPreviousBuild = "no previous build";
    public const string OutputsMissing = "outputs missing";
    public const string ContentUnchanged = "content unchanged";

    /// <param name="msbuildWouldSkip">Whether CoreCompile's inputs/outputs timestamps alone would skip it.</param>
    /// <param name="outputIntact">Checks an output against its recorded state (stat, then hash when the stat differs).</param>
    /// <param name="loadPrevious">Loads the recorded fingerprint's components to explain a mismatch (null if unavailable).</param>
    public static GateVerdict Decide(
        CompileFingerprint current,
        CompileState? state,
        IReadOnlyList<OutputNow> outputs,
        bool msbuildWouldSkip,
        Func<OutputNow, OutputFileState, bool> outputIntact,
        Func<CompileFingerprint?> loadPrevious)
    {
        var compileAction = msbuildWouldSkip ? GateAction.AgeOutput : GateAction.None;
        if (state is null)
            return new(Records.ProjectRecord.Decisions.Compiled, compileAction, [NoPreviousBuild], null);

        if (!string.Equals(state.Fingerprint, current.HashText, StringComparison.Ordinal))
        {
            var previous = loadPrevious();
            if (previous is null)
                return new(Records.ProjectRecord.Decisions.Compiled, compileAction, ["fingerprint changed (the previous components are not available)"], null);
            var diff = FingerprintDiff.Compare(previous, current);
            var reasons = diff.Explain();
            if (reasons.Count == 0) reasons.Add("fingerprint changed");
            return new(Records.ProjectRecord.Decisions.Compiled, compileAction, reasons, diff);
        }

        // Same fingerprint: the outputs must be the very files that compile produced.
        var recorded = state.Outputs.ToDictionary(o => o.Path, StringComparer.Ordinal);
        var problems = new List<string>();
        bool missing = false;
        foreach (var output in outputs)
        {
            if (!output.Status.Exists) { missing = true; continue; }
            if (!recorded.TryGetValue(output.RelativePath, out var known) || !outputIntact(output, known))
                problems.Add($"output {output.RelativePath} changed");
        }
        if (missing) problems.Insert(0, OutputsMissing);
        if (problems.Count > 0)
            return new(Records.ProjectRecord.Decisions.Compiled, compileAction, problems, null);

        return new(Records.ProjectRecord.Decisions.Skipped, msbuildWouldSkip ? GateAction.None : GateAction.TouchOutputs, [ContentUnchanged], null);
    }

    /// <summary>
    /// Whether MSBuild's own check would skip CoreCompile: every output exists and none is older than the newest input
    /// (MSBuild compares the oldest output with the newest input; a missing input or output makes it run).
    /// </summary>
    public static bool MSBuildWouldSkip(IEnumerable<FileStatus> inputs, IEnumerable<FileStatus> outputs, out long newestInputTicks)
    {
        newestInputTicks = 0;
        bool inputsOk = true;
        foreach (var input in inputs)
        {
            if (!input.Exists) { inputsOk = false; continue; }
            newestInputTicks = Math.Max(newestInputTicks, input.LastWriteTicksUtc);
        }
        long oldestOutput = long.MaxValue;
        int count = 0;
        foreach (var output in outputs)
        {
            count++;
            if (!output.Exists) return false;
            oldestOutput = Math.Min(oldestOutput, output.LastWriteTicksUtc);
        }
        return inputsOk && count > 0 && newestInputTicks <= oldestOutput;
    }

    /// <summary>
    /// Properties that make this compile never a no-op: changed in this compile and in the previous one while no
    /// source content changed, and changed to a value never seen before (a timestamp or build number in a version,
    /// typically). A value seen before is a user switching back (<c>-p:Optimize=true</c>, then without it): not listed.
    /// </summary>
    public static IReadOnlyList<ComponentChange> VolatileProperties(FingerprintDiff diff, CompileState previousState, string generatedPrefix)
    {
        if (diff.SourceContentChanged(generatedPrefix)) return [];
        var before = new HashSet<string>(previousState.PropertyOnlyChanges, StringComparer.Ordinal);
        return diff.PropertyChanges.Where(c => before.Contains(c.Key) && !PropertyMemory.WasSeen(previousState, c.Key, c.Current)).ToList();
    }

    /// <summary>The names to remember as "changed alone" for the next build's volatile check.</summary>
    public static List<string> PropertyOnlyChanges(FingerprintDiff? diff, string generatedPrefix) =>
        diff is null || diff.SourceContentChanged(generatedPrefix) ? [] : diff.PropertyChanges.Select(c => c.Key).Distinct().ToList();
}
