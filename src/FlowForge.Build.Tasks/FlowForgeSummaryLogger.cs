using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks;

/// <summary>
/// The one-line FlowForge summary at the end of a build. A package cannot add a step after the last project of a build
/// (no target runs after the solution), so this is an MSBuild logger, the one place that sees the whole build:
/// <c>dotnet build -logger:FlowForge.Build.Tasks.FlowForgeSummaryLogger,&lt;path to FlowForge.Build.Tasks.dll&gt;</c>, or the same
/// switch in a <c>Directory.Build.rsp</c> next to the solution. It counts the per-project "FlowForge: …" lines the change
/// detection logs and prints one line when the build finishes.
/// </summary>
public sealed class FlowForgeSummaryLogger : Logger
{
    private readonly object _gate = new();
    private readonly SortedSet<string> _changedProjects = new(StringComparer.Ordinal);
    private int _checked, _unchanged, _first, _changedInputs;

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
        if (text is null || !text.StartsWith("FlowForge: ", StringComparison.Ordinal)) return;
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

    /// <summary>"FlowForge: 6 project builds checked — 1 changed by content (Acme.Model: 1 input), 5 unchanged. Why it took its time: dotnet flowforge report".</summary>
    public string Line(bool succeeded)
    {
        lock (_gate)
        {
            if (_checked == 0) return "FlowForge: no project checked in this build (FlowForge.Build not referenced or disabled).";
            var changed = _checked - _unchanged - _first;
            var parts = new List<string>();
            if (changed > 0) parts.Add($"{changed} changed by content ({string.Join(", ", _changedProjects.Take(5))}{(_changedProjects.Count > 5 ? ", …" : "")}: {_changedInputs} input{(_changedInputs == 1 ? "" : "s")})");
            parts.Add($"{_unchanged} unchanged");
            if (_first > 0) parts.Add($"{_first} first build{(_first == 1 ? "" : "s")}");
            return $"FlowForge: {_checked} project build{(_checked == 1 ? "" : "s")} checked — {string.Join(", ", parts)}."
                   + (succeeded ? " Why it took its time: dotnet flowforge report (build with -bl)." : "");
        }
    }
}
