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

    public static string File(string name) => name.EndsWith(".sln", StringComparison.Ordinal) || name.EndsWith(".proj", StringComparison.Ordinal)
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

    /// <summary>A build of one target framework of a project (global property TargetFramework).</summary>
    public SyntheticBuild ProjectWithTargetFramework(int id, string name, string targetFramework, double start, int node = 1, int parent = -1)
    {
        _nodeOf[id] = node;
        var parentContext = parent < 0 ? BuildEventContext.Invalid : Context(parent);
        var globals = new Dictionary<string, string> { ["TargetFramework"] = targetFramework };
        var e = new ProjectStartedEventArgs(id, "started", null!, File(name), "Build", null!, null!, parentContext, globals, null!) { BuildEventContext = Context(id) };
        At(e, start);
        _collector.Add(e);
        return this;
    }

    /// <summary>A request of NuGet's restore (global property MSBuildRestoreSessionId), as dotnet build's implicit restore logs it.</summary>
    public SyntheticBuild RestoreProject(int id, string name, double start, int node = 1, int parent = -1)
    {
        _nodeOf[id] = node;
        var parentContext = parent < 0 ? BuildEventContext.Invalid : Context(parent);
        var globals = new Dictionary<string, string> { ["MSBuildRestoreSessionId"] = Guid.Empty.ToString() };
        var e = new ProjectStartedEventArgs(id, "started", null!, File(name), "Restore", null!, null!, parentContext, globals, null!) { BuildEventContext = Context(id) };
        At(e, start);
        _collector.Add(e);
        return this;
    }

    /// <summary>The evaluation of <paramref name="project"/>'s file (evaluation id = the project's id) on a node.</summary>
    public SyntheticBuild Evaluation(int project, string name, double start, double end, int node = 1)
    {
        var context = new BuildEventContext(0, node, project, -1, -1, -1, -1);
        var started = new ProjectEvaluationStartedEventArgs("evaluating") { ProjectFile = File(name), BuildEventContext = context };
        At(started, start);
        _collector.Add(started);
        var finished = new ProjectEvaluationFinishedEventArgs("evaluated") { ProjectFile = File(name), BuildEventContext = context };
        At(finished, end);
        _collector.Add(finished);
        return this;
    }

    /// <summary>A task of <paramref name="project"/> inside a target of its own; <paramref name="taskFile"/> says whose task it is.</summary>
    public SyntheticBuild Task(int project, string task, double start, double end, bool succeeded = true, string taskFile = "Microsoft.Build.Tasks.Core.dll", params string[] messages)
    {
        var target = _nextId++;
        var id = _nextId++;
        var targetName = task == "Csc" ? "CoreCompile" : "_" + task;
        _collector.Add(new TargetStartedEventArgs("t", null, targetName, "", "", "", TargetBuiltReason.None, T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target) });
        _collector.Add(new TaskStartedEventArgs("t", null, "", taskFile, task, T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target, id) });
        foreach (var message in messages)
            _collector.Add(new BuildMessageEventArgs(message, null, null, MessageImportance.Low, T0.AddMilliseconds(start)) { BuildEventContext = Context(project, target, id) });
        _collector.Add(new TaskFinishedEventArgs("t", null, "", taskFile, task, succeeded, T0.AddMilliseconds(end)) { BuildEventContext = Context(project, target, id) });
        _collector.Add(new TargetFinishedEventArgs("t", null, targetName, "", "", succeeded, T0.AddMilliseconds(end), null) { BuildEventContext = Context(project, target) });
        return this;
    }

    public SyntheticBuild Error(int project, string code, string file, int line, int column, string message, double at)
    {
        _collector.Add(new BuildErrorEventArgs(null, code, file, line, column, 0, 0, message, null, "csc", T0.AddMilliseconds(at)) { BuildEventContext = Context(project, 1, 1) });
        return this;
    }

    /// <summary>Events whose constructors take no time stamp get one (BuildEventArgs keeps it in a protected property).</summary>
    private static void At(BuildEventArgs e, double ms) =>
        typeof(BuildEventArgs).GetProperty("RawTimestamp", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.SetValue(e, T0.AddMilliseconds(ms));

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
        new(0, _nodeOf.GetValueOrDefault(project, 1), project, project, project, target, task);

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
