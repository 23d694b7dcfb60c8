using System.Collections;
using FlowForge.Reporting.Analysis;
using FlowForge.Reporting.Model;
using Microsoft.Build.Framework;

namespace FlowForge.Reporting.Tests;

/// <summary>
/// Feeds hand-made MSBuild events (as a binlog would stream them) into the collector, so timing logic is tested on
/// exact numbers: projects, MSBuild-task waits with the projects they requested, targets with their messages.
/// </summary>
internal sealed class SyntheticBuild
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly BuildCollector _collector = new();
    private readonly Dictionary<int, int> _nodeOf = new();
    private int _nextId = 1000;

    public SyntheticBuild() => _collector.Add(new BuildStartedEventArgs("start", null, T0));

    public static string File(string name) => name.EndsWith(".sln", StringComparison.Ordinal)
        ? Path.Combine(Path.GetTempPath(), "synthetic", name)
        : Path.Combine(Path.GetTempPath(), "synthetic", name, name + ".csproj");

    public SyntheticBuild Project(int id, string name, double start, int node = 1, int parent = -1)
    {
        _nodeOf[id] = node;
        var parentContext = parent < 0 ? BuildEventContext.Invalid : Context(parent);
        var e = new ProjectStartedEventArgs(id, "started", null!, File(name), "Build", null!, null!, parentContext, T0.AddMilliseconds(start))
        {
            BuildEventContext = Context(id),
        };
        _collector.Add(e);
        return this;
    }

    public SyntheticBuild EndProject(int id, double at, bool succeeded = true)
    {
        _collector.Add(new ProjectFinishedEventArgs("finished", null, "", succeeded, T0.AddMilliseconds(at)) { BuildEventContext = Context(id) });
        return this;
    }

    /// <summary>An MSBuild task call of <paramref name="project"/> from <paramref name="start"/> to <paramref name="end"/> for the named projects.</summary>
    public SyntheticBuild Wait(int project, double start, double end, params string[] requested)
    {
        var target = _nextId++;
        var task = _nextId++;
        _collector.Add(new TargetStartedEventArgs("t", null, "ResolveProjectReferences", "", "", "", TargetBuiltReason.None, T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target) });
        _collector.Add(new TaskStartedEventArgs("t", null, "", "", "MSBuild", T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target, task) });
        IList items = requested.Select(r => (object)new SimpleItem(File(r))).ToList();
        _collector.Add(new TaskParameterEventArgs(TaskParameterMessageKind.TaskInput, "Projects", items, false, T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target, task) });
        _collector.Add(new TaskFinishedEventArgs("t", null, "", "", "MSBuild", true, T0.AddMilliseconds(end)) { BuildEventContext = Context(project, target, task) });
        _collector.Add(new TargetFinishedEventArgs("t", null, "ResolveProjectReferences", "", "", true, T0.AddMilliseconds(end), null) { BuildEventContext = Context(project, target) });
        return this;
    }

    /// <summary>A target of <paramref name="project"/> that logs <paramref name="messages"/> (e.g. MSBuild's "Building target … completely.").</summary>
    public SyntheticBuild Target(int project, string name, double start, double end, params string[] messages)
    {
        var target = _nextId++;
        _collector.Add(new TargetStartedEventArgs("t", null, name, "", "", "", TargetBuiltReason.None, T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target) });
        foreach (var message in messages)
            _collector.Add(new BuildMessageEventArgs(message, null, null, MessageImportance.Low, T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target) });
        _collector.Add(new TargetFinishedEventArgs("t", null, name, "", "", true, T0.AddMilliseconds(end), null) { BuildEventContext = Context(project, target) });
        return this;
    }

    public BuildReport Finish(double at, bool succeeded = true)
    {
        _collector.Add(new BuildFinishedEventArgs("done", null, succeeded, T0.AddMilliseconds(at)));
        return ReportBuilder.Build(_collector, "synthetic.binlog", 0, new List<string>(), 20);
    }

    private BuildEventContext Context(int project, int target = -1, int task = -1) =>
        new(0, _nodeOf.GetValueOrDefault(project, 1), -1, project, project, target, task);

    private sealed class SimpleItem(string spec) : ITaskItem
    {
        public string ItemSpec { get => spec; set { } }
        public ICollection MetadataNames => Array.Empty<string>();
        public int MetadataCount => 0;
        public string GetMetadata(string metadataName) => "";
        public void SetMetadata(string metadataName, string metadataValue) { }
        public void RemoveMetadata(string metadataName) { }
        public void CopyMetadataTo(ITaskItem destinationItem) { }
        public IDictionary CloneCustomMetadata() => new Hashtable();
    }
}
