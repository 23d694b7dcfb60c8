using Microsoft.Build.Logging.StructuredLogger;
using StructuredTask = Microsoft.Build.Logging.StructuredLogger.Task;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Which projects really compiled in a build, read from its binlog: a Csc task node exists only when CoreCompile's body
/// ran (a target skipped as up to date has no tasks), so this never counts a skipped CoreCompile.
/// </summary>
public static class CompileRuns
{
    /// <summary>"Acme.Model" for a single-target project, "Acme.Model/net8.0" when the project has several target frameworks.</summary>
    public static List<string> Read(string binlog) => ProjectsThatRan(binlog, "Csc");

    /// <summary>The projects in which the compile gate's task ran (its quick check did not pass).</summary>
    public static List<string> GateChecks(string binlog) => ProjectsThatRan(binlog, "EvaluateCompileGate");

    /// <summary>The projects in which the SDK's own per-project git lookup (SourceLink's LocateRepository) ran.</summary>
    public static List<string> SdkGitLookups(string binlog) => ProjectsThatRan(binlog, "Microsoft.Build.Tasks.Git.LocateRepository");

    /// <summary>The command line of every compiler run in the build (Csc's CommandLineArguments as the binlog holds it).</summary>
    public static List<string> CompilerCommandLines(string binlog) => Tasks(binlog, "Csc").Select(t => t.CommandLineArguments ?? "").ToList();

    /// <summary>Every run of the task named <paramref name="taskName"/> in the build, in log order.</summary>
    private static List<StructuredTask> Tasks(string binlog, string taskName)
    {
        var tasks = new List<StructuredTask>();
        BinaryLog.ReadBuild(binlog).VisitAllChildren<StructuredTask>(task =>
        {
            if (task.Name == taskName) tasks.Add(task);
        });
        return tasks;
    }

    private static List<string> ProjectsThatRan(string binlog, string taskName)
    {
        var compiled = new List<string>();
        foreach (var task in Tasks(binlog, taskName))
        {
            var project = task.GetNearestParent<Project>();
            if (project is null) continue;
            var name = Path.GetFileNameWithoutExtension(project.ProjectFile ?? project.Name);
            var tfm = project.TargetFramework;
            compiled.Add(string.IsNullOrEmpty(tfm) || !MultiTargeted(project) ? name : $"{name}/{tfm}");
        }
        compiled.Sort(StringComparer.Ordinal);
        return compiled;
    }

    private static bool MultiTargeted(Project project) =>
        project.GlobalProperties?.Any(p => p.Key == "TargetFramework") == true;
}
