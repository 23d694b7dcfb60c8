using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Logging;

/// <summary>
/// The one-line FlowForge summary at the end of a build. A package cannot add a step after the last project of a build
/// (no target runs after the solution), so this is an MSBuild logger, the one place that sees the whole build:
/// <c>dotnet build -logger:FlowForge.Build.Logging.FlowForgeSummaryLogger,&lt;path to FlowForge.Build.Logging.dll&gt;</c>, or the same
/// switch in a <c>Directory.Build.rsp</c> next to the solution (what <c>dotnet flowforge init</c> writes). It writes to
/// the console itself, so the line shows at every verbosity and with the terminal logger. It counts the per-project
/// lines the tasks log: project skip's "FlowForge project skip: &lt;decision&gt; (…)" (a project skipped whole runs neither
/// change detection nor the gate, so it is counted here or nowhere), change detection's "FlowForge: …", the gate's
/// "FlowForge compile: &lt;decision&gt; (…)", the time a skip or a restore saved ("FlowForge saved: &lt;ms&gt; ms"), and the
/// projects whose quick check passed (every file the gate's last check covered keeps its identity: up to date without
/// the gate's check).
/// </summary>
public sealed class FlowForgeSummaryLogger : Logger
{
    /// <summary>What a project logs when its quick check passed (FlowForge.Build.Late.targets; ChangeReport.NothingNewerSummary
    /// in FlowForge.Core, which this assembly does not reference): the gate's task did not run.</summary>
    public const string QuickCheckMessage = "FlowForge: content unchanged (nothing newer than the last check)";
    /// <summary>The message the gate logs when a skip or a restore saved a compile of known duration.</summary>
    public const string SavedPrefix = "FlowForge saved: ";
    /// <summary>The line project skip logs for every project build (EvaluateProjectSkip; ProjectSkipDecision.Describe in
    /// FlowForge.Core, which this assembly does not reference, spells the decisions).</summary>
    public const string ProjectSkipPrefix = "FlowForge project skip: ";
    public const string SkippedWholeDecision = "skipped whole project";
    public const string NotEligibleDecision = "not eligible";

    private readonly object _gate = new();
    private readonly SortedSet<string> _changedProjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _decisions = new(StringComparer.Ordinal);
    private int _checked, _unchanged, _first, _changedInputs, _quickChecked, _skippedWhole, _notEligible;
    private double _savedMs;

    /// <summary>Where the line goes (the console; tests replace it).</summary>
    public TextWriter Output { get; set; } = Console.Out;

    public override void Initialize(IEventSource eventSource)
    {
        eventSource.MessageRaised += (_, e) => OnMessage(e);
        eventSource.BuildFinished += (_, e) => Output.WriteLine(Line(e.Succeeded));
    }

    internal void OnMessage(BuildMessageEventArgs e)
    {
        var text = e.Message;
        if (text is null || !text.StartsWith("FlowForge", StringComparison.Ordinal)) return;
        if (text == QuickCheckMessage)
        {
            lock (_gate) _quickChecked++;
            return;
        }
        if (text.StartsWith(ProjectSkipPrefix, StringComparison.Ordinal))
        {
            var decision = text[ProjectSkipPrefix.Length..];
            lock (_gate)
            {
                if (decision.StartsWith(SkippedWholeDecision, StringComparison.Ordinal)) _skippedWhole++;
                else if (decision.StartsWith(NotEligibleDecision, StringComparison.Ordinal)) _notEligible++;
            }
            return;
        }
        if (text.StartsWith("FlowForge compile: ", StringComparison.Ordinal))
        {
            var rest = text["FlowForge compile: ".Length..];
            int end = rest.IndexOf(' ');
            // The gate's decision line is "<decision> (<reasons>)"; any other "FlowForge compile: …" line is not a decision.
            if (end >= 0 && !rest.AsSpan(end).StartsWith(" (", StringComparison.Ordinal)) return;
            var decision = end < 0 ? rest : rest[..end];
            lock (_gate) _decisions[decision] = _decisions.GetValueOrDefault(decision) + 1;
            return;
        }
        if (text.StartsWith(SavedPrefix, StringComparison.Ordinal))
        {
            var number = text[SavedPrefix.Length..].Split(' ')[0];
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0)
                lock (_gate) _savedMs += ms;
            return;
        }
        if (!text.StartsWith("FlowForge: ", StringComparison.Ordinal)) return;
        var summary = text["FlowForge: ".Length..];
        lock (_gate)
        {
            if (summary.StartsWith("content unchanged", StringComparison.Ordinal)) { _checked++; _unchanged++; }
            else if (summary.StartsWith("first build", StringComparison.Ordinal)) { _checked++; _first++; }
            else if (summary.Contains(" inputs changed", StringComparison.Ordinal))
            {
                _checked++;
                // "2 of 48 inputs changed (A.cs, B.cs)"
                if (int.TryParse(summary.Split(' ')[0], out var count)) _changedInputs += count;
                if (!string.IsNullOrEmpty(e.ProjectFile)) _changedProjects.Add(Path.GetFileNameWithoutExtension(e.ProjectFile));
                else _changedProjects.Add("?");
            }
        }
    }

    /// <summary>"FlowForge: 4 project builds skipped whole (inputs and outputs unchanged); 2 project builds checked — …", or
    /// "FlowForge: 6 project builds checked — 1 changed by content (Acme.Model: 1 input), 5 unchanged; compiles: 5 skipped,
    /// 1 compiled; 4 up to date by the quick check; saved ~2.1 s of compiling. Why it took its time: dotnet flowforge report".</summary>
    public string Line(bool succeeded)
    {
        lock (_gate)
        {
            if (_checked == 0 && _quickChecked == 0 && _skippedWhole == 0)
                return "FlowForge: no project checked in this build (FlowForge.Build not referenced or disabled).";
            var changed = _checked - _unchanged - _first;
            var sentences = new List<string>();
            if (_skippedWhole > 0)
                sentences.Add($"{_skippedWhole} project build{(_skippedWhole == 1 ? "" : "s")} skipped whole (inputs and outputs unchanged)");
            if (_checked > 0)
            {
                var parts = new List<string>();
                if (changed > 0) parts.Add($"{changed} changed by content ({string.Join(", ", _changedProjects.Take(5))}{(_changedProjects.Count > 5 ? ", …" : "")}: {_changedInputs} input{(_changedInputs == 1 ? "" : "s")})");
                parts.Add($"{_unchanged} unchanged");
                if (_first > 0) parts.Add($"{_first} first build{(_first == 1 ? "" : "s")}");
                sentences.Add($"{_checked} project build{(_checked == 1 ? "" : "s")} checked — {string.Join(", ", parts)}");
            }
            // In the order a user cares about: what FlowForge avoided, then what still ran.
            var order = new[] { "skipped", "restored", "compiled", "not-gated" };
            var decisions = order.Where(_decisions.ContainsKey).Select(d => $"{_decisions[d]} {d}")
                .Concat(_decisions.Keys.Except(order).Order(StringComparer.Ordinal).Select(d => $"{_decisions[d]} {d}")).ToList();
            if (decisions.Count > 0) sentences.Add("compiles: " + string.Join(", ", decisions));
            if (_quickChecked > 0) sentences.Add($"{_quickChecked} up to date by the quick check");
            if (_savedMs > 0) sentences.Add($"saved ~{FormatDuration(_savedMs)} of compiling");
            if (_notEligible > 0)
                sentences.Add($"{_notEligible} project build{(_notEligible == 1 ? "" : "s")} not eligible for project skip (why: dotnet flowforge changes)");
            return $"FlowForge: {string.Join("; ", sentences)}."
                   + (succeeded ? " Why it took its time: dotnet flowforge report (build with -bl)." : "");
        }
    }

    private static string FormatDuration(double ms) =>
        ms >= 1000 ? (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s" : Math.Round(ms).ToString(CultureInfo.InvariantCulture) + " ms";
}
