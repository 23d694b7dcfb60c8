using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using FlowForge.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.CompilerWarnings;

/// <summary>
/// Registers FlowForge's <c>Csc</c>: the SDK's own compiler task, created and run unchanged, with one difference. When
/// its <c>ErrorLog</c> names FlowForge's warning log (<see cref="WarningCapturingCompiler.CaptureFileName"/>), the
/// compiler is not asked for <c>/errorlog</c>; the warnings Csc logs are written to that file as SARIF instead, for the
/// output cache to keep with the entry. <c>/errorlog</c> makes Roslyn run the analyzers that report only Info
/// diagnostics and time every analyzer, which a command-line build otherwise skips: measured 1.18× a plain build's time.
/// <para>
/// Used through <c>&lt;UsingTask TaskName="Csc" TaskFactory="…WarningCapturingCompilerFactory"&gt;</c> whose body is the
/// path of the SDK's Roslyn task assembly (<c>$(RoslynTasksAssembly)</c>). MSBuild prefers a task registered under the
/// exact name the target calls (<c>Csc</c>) to the SDK's <c>Microsoft.CodeAnalysis.BuildTasks.Csc</c>. The parameters are
/// the real task's (read from its public properties), so every CoreCompile call binds exactly as before.
/// </para>
/// </summary>
public sealed class WarningCapturingCompilerFactory : ITaskFactory
{
    private const string CompilerTypeName = "Microsoft.CodeAnalysis.BuildTasks.Csc";

    // One load and one reflection pass per Roslyn task assembly in this process: every project evaluation registers the
    // factory again and initializes it.
    private static readonly ConcurrentDictionary<string, CompilerTask> CompilerTasks = new(StringComparer.Ordinal);

    private CompilerTask? _compiler;
    private TaskPropertyInfo[] _parameters = [];

    public string FactoryName => nameof(WarningCapturingCompilerFactory);

    public Type TaskType => typeof(WarningCapturingCompiler);

    public bool Initialize(string taskName, IDictionary<string, TaskPropertyInfo> parameterGroup, string taskBody, IBuildEngine taskFactoryLoggingHost)
    {
        var assemblyPath = taskBody?.Trim();
        if (string.IsNullOrEmpty(assemblyPath) || !File.Exists(assemblyPath))
        {
            return Fail(taskFactoryLoggingHost, $"could not find the SDK's Roslyn task assembly '{assemblyPath}'");
        }
        try
        {
            _compiler = CompilerTasks.GetOrAdd(Path.GetFullPath(assemblyPath), path => CompilerTask.Of(LoadCompilerType(path)));
            // Fresh parameter objects for each registration: MSBuild keeps per-registration state on them.
            _parameters = _compiler.Parameters.Select(p => new TaskPropertyInfo(p.Name, p.PropertyType, p.Output, p.Required)).ToArray();
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException or FileLoadException or InvalidOperationException)
        {
            return Fail(taskFactoryLoggingHost, $"could not load {CompilerTypeName} from '{assemblyPath}' ({e.Message})");
        }
        return true;
    }

    private bool Fail(IBuildEngine host, string what)
    {
        host.LogErrorEvent(new BuildErrorEventArgs(null, DiagnosticCodes.CompilerWrapperUnavailable, null, 0, 0, 0, 0,
            $"FlowForge's compiler task {what}. Set FlowForgeCaptureCompilerWarnings=false to use the SDK's Csc directly, and report this with the build log (-bl).",
            null, FactoryName));
        return false;
    }

    public TaskPropertyInfo[] GetTaskParameters() => _parameters;

    public ITask CreateTask(IBuildEngine taskFactoryLoggingHost) =>
        new WarningCapturingCompiler((ITask)Activator.CreateInstance(_compiler!.Type)!, _compiler.Properties);

    public void CleanupTask(ITask task) { }

    /// <summary>A task type's parameters by name: its public instance properties that MSBuild can set, or [Output] ones
    /// (a property redeclared with <c>new</c> counts once, the most derived).</summary>
    internal static Dictionary<string, PropertyInfo> TaskProperties(Type taskType) =>
        taskType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name is not (nameof(ITask.BuildEngine) or nameof(ITask.HostObject)))
            .Where(p => p.GetCustomAttribute<OutputAttribute>() is not null || p.SetMethod is { IsPublic: true })
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(p => Depth(taskType, p.DeclaringType)).First())
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static int Depth(Type from, Type? declaring)
    {
        int depth = 0;
        for (var t = from; t is not null && t != declaring; t = t.BaseType) depth++;
        return depth;
    }

    /// <summary>The SDK's compiler task type with its parameters, as MSBuild and the wrapper need them.</summary>
    private sealed record CompilerTask(Type Type, IReadOnlyDictionary<string, PropertyInfo> Properties, TaskPropertyInfo[] Parameters)
    {
        public static CompilerTask Of(Type type)
        {
            var properties = TaskProperties(type);
            var parameters = properties.Values
                .Select(p => new TaskPropertyInfo(p.Name, p.PropertyType,
                    output: p.GetCustomAttribute<OutputAttribute>() is not null,
                    required: p.GetCustomAttribute<RequiredAttribute>() is not null))
                .ToArray();
            return new CompilerTask(type, properties, parameters);
        }
    }

    private static Type LoadCompilerType(string path)
    {
        // The SDK's own tasks from this assembly (MapSourceRoots, CopyRefAssembly) are usually loaded already: use that
        // copy. Otherwise load it beside this assembly's own load context, whose dependencies (MSBuild's) it shares.
        var assembly = AppDomain.CurrentDomain.GetAssemblies()
                           .FirstOrDefault(a => !a.IsDynamic && string.Equals(a.Location, path, StringComparison.Ordinal))
                       ?? (AssemblyLoadContext.GetLoadContext(typeof(WarningCapturingCompilerFactory).Assembly) ?? AssemblyLoadContext.Default)
                           .LoadFromAssemblyPath(path);
        return assembly.GetType(CompilerTypeName, throwOnError: true)!;
    }
}
