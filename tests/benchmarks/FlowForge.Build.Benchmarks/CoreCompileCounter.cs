using Microsoft.Build.Logging.StructuredLogger;
using MSBuildTask = Microsoft.Build.Logging.StructuredLogger.Task;

namespace FlowForge.Build.Benchmarks;

/// <summary>
/// Which projects really compiled in a build, read from its binlog. A CoreCompile target that MSBuild skipped
/// as up-to-date (or that a compile gate made up-to-date) still appears in the log, but without tasks; one that
/// compiled ran the Csc task. So "compiled" means: a CoreCompile target with a Csc task under it.
/// </summary>
public static class CoreCompileCounter
{
    public static IReadOnlyList<string> CompiledProjects(string binlog)
    {
        var build = BinaryLog.ReadBuild(binlog);
        if (build.Succeeded is false)
            throw new InvalidDataException($"{binlog} records a failed build; its compile count would not mean anything.");
        var compiled = new List<string>();
        build.VisitAllChildren<Target>(target =>
        {
            if (target.Name != "CoreCompile") return;
            if (!target.Children.OfType<MSBuildTask>().Any(task => task.Name == "Csc")) return;
            var project = target.GetNearestParent<Project>();
            var name = project is null ? "?" : Path.GetFileNameWithoutExtension(project.Name);
            var framework = project?.TargetFramework;
            compiled.Add(string.IsNullOrEmpty(framework) ? name : $"{name} ({framework})");
        });
        compiled.Sort(StringComparer.Ordinal);
        return compiled;
    }
}
