using FlowForge.Build.Tasks.CompilerWarnings;
using FlowForge.Caching;
using FlowForge.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// FlowForge's Csc: the SDK's task run unchanged, whose logged warnings are written as SARIF when ErrorLog names
/// compile.warnings.sarif (the compiler then gets no /errorlog). A stand-in compiler here; the real one in the
/// end-to-end BuildCacheTests and in the factory test below.
/// </summary>
public class WarningCapturingCompilerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ff-capture-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A compiler that logs what it is told to and remembers the ErrorLog it ran with.</summary>
    public sealed class StandInCompiler : ITask, ICancelableTask
    {
        public bool Cancelled { get; private set; }
        public void Cancel() => Cancelled = true;
        public IBuildEngine BuildEngine { get; set; } = null!;
        public ITaskHost HostObject { get; set; } = null!;
        public string? ErrorLog { get; set; }
        public ITaskItem[] Sources { get; set; } = [];
        [Output] public string? OutputAssembly { get; set; }
        public bool Succeeds { get; set; } = true;
        public string? ErrorLogSeen { get; private set; }

        public bool Execute()
        {
            ErrorLogSeen = ErrorLog;
            BuildEngine.LogWarningEvent(new BuildWarningEventArgs(null, "CS0168", "Program.cs", 7, 13, 0, 0, "The variable 'unused' is declared but never used", null, "Csc"));
            BuildEngine.LogWarningEvent(new BuildWarningEventArgs(null, "CS0618", Path.Combine(Path.GetTempPath(), "Elsewhere.cs"), 3, 9, 3, 12, "'Old()' is obsolete", null, "Csc"));
            BuildEngine.LogMessageEvent(new BuildMessageEventArgs("csc command line", null, "Csc", MessageImportance.Low));
            if (!Succeeds) BuildEngine.LogErrorEvent(new BuildErrorEventArgs(null, "CS1002", "Program.cs", 9, 1, 0, 0, "; expected", null, "Csc"));
            OutputAssembly = "obj/App.dll";
            return Succeeds;
        }
    }

    private (WarningCapturingCompiler Task, StandInCompiler Compiler, RecordingBuildEngine Engine) Make(string? errorLog, bool succeeds = true)
    {
        var compiler = new StandInCompiler { Succeeds = succeeds };
        var engine = new RecordingBuildEngine { ProjectFileOfTaskNode = Path.Combine(_folder, "App.csproj") };
        var task = new WarningCapturingCompiler(compiler, WarningCapturingCompilerFactory.TaskProperties(typeof(StandInCompiler))) { BuildEngine = engine };
        if (errorLog is not null) task.SetPropertyValue(new TaskPropertyInfo("ErrorLog", typeof(string), false, false), errorLog);
        return (task, compiler, engine);
    }

    [Fact]
    public void Flowforge_s_log_name_keeps_the_logged_warnings_as_sarif_and_the_compiler_gets_no_errorlog()
    {
        var log = Path.Combine(_folder, "obj", "flowforge", WarningCapturingCompiler.CaptureFileName);
        var (task, compiler, engine) = Make(log + ",version=2.1");

        Assert.True(task.Execute());

        Assert.Null(compiler.ErrorLogSeen);
        Assert.Equal(["CS0168", "CS0618"], engine.WarningCodes);  // still logged to MSBuild, unchanged
        Assert.Contains(engine.Messages, m => m.Message == "csc command line");
        var read = SarifReader.ReadFile(log, _folder, _folder);
        Assert.True(read.Success, read.Problem?.ToString());
        Assert.Equal(
            [
                new CompilerDiagnostic("CS0168", CompilerDiagnosticSeverity.Warning, "The variable 'unused' is declared but never used", "Program.cs", 7, 13),
                new CompilerDiagnostic("CS0618", CompilerDiagnosticSeverity.Warning, "'Old()' is obsolete", Path.Combine(Path.GetTempPath(), "Elsewhere.cs"), 3, 9, 3, 12),
            ],
            read.Diagnostics);
        Assert.Equal("obj/App.dll", task.GetPropertyValue(new TaskPropertyInfo("OutputAssembly", typeof(string), true, false)));
    }

    [Fact]
    public void Cancelling_the_build_cancels_the_compiler()
    {
        var (task, compiler, _) = Make(null);
        task.Cancel();
        Assert.True(compiler.Cancelled);
    }

    [Fact]
    public void A_failed_compile_leaves_no_log_not_even_an_earlier_one()
    {
        var log = Path.Combine(_folder, WarningCapturingCompiler.CaptureFileName);
        File.WriteAllText(log, "{\"version\":\"2.1.0\",\"runs\":[]}");
        var (task, _, engine) = Make(log, succeeds: false);

        Assert.False(task.Execute());

        Assert.False(File.Exists(log));
        Assert.Single(engine.Errors);
    }

    [Theory]
    [InlineData("mine.sarif,version=2.1")]
    [InlineData("compile.sarif")]
    [InlineData(null)]
    public void Any_other_error_log_reaches_the_compiler_unchanged(string? errorLog)
    {
        var (task, compiler, engine) = Make(errorLog is null ? null : Path.Combine(_folder, errorLog));
        Assert.True(task.Execute());
        Assert.Equal(errorLog is null ? null : Path.Combine(_folder, errorLog), compiler.ErrorLogSeen);
        Assert.Equal(2, engine.Warnings.Count);
        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_factory_offers_the_sdk_s_csc_parameters_and_creates_the_wrapped_task()
    {
        var factory = new WarningCapturingCompilerFactory();
        var engine = new RecordingBuildEngine();
        Assert.True(factory.Initialize("Csc", new Dictionary<string, TaskPropertyInfo>(), SdkRoslynTasksAssembly(), engine), string.Join("; ", engine.Errors.Select(e => e.Message)));

        var parameters = factory.GetTaskParameters().ToDictionary(p => p.Name);
        Assert.Equal(typeof(ITaskItem[]), parameters["Sources"].PropertyType);
        Assert.Equal(typeof(string), parameters["ErrorLog"].PropertyType);
        Assert.True(parameters["CommandLineArgs"].Output);
        Assert.False(parameters.ContainsKey("BuildEngine"));
        Assert.IsType<WarningCapturingCompiler>(factory.CreateTask(engine));
        Assert.Equal(typeof(WarningCapturingCompiler), factory.TaskType);
    }

    [Fact]
    public void A_missing_roslyn_assembly_is_ff1050_and_says_how_to_turn_the_wrapper_off()
    {
        var engine = new RecordingBuildEngine();
        Assert.False(new WarningCapturingCompilerFactory().Initialize("Csc", new Dictionary<string, TaskPropertyInfo>(), Path.Combine(_folder, "none.dll"), engine));
        var error = Assert.Single(engine.Errors);
        Assert.Equal(DiagnosticCodes.CompilerWrapperUnavailable, error.Code);
        Assert.Contains("FlowForgeCaptureCompilerWarnings=false", error.Message);
    }

    /// <summary>The Roslyn task assembly of the newest SDK beside the runtime running the tests.</summary>
    private static string SdkRoslynTasksAssembly()
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var found = Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk"))
            .Select(sdk => Path.Combine(sdk, "Roslyn", "Microsoft.Build.Tasks.CodeAnalysis.dll"))
            .Where(File.Exists)
            .OrderBy(p => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p)))?.Split('-')[0], out var v) ? v : new Version())
            .LastOrDefault();
        Assert.True(found is not null, $"no SDK with Roslyn under {dotnetRoot}");
        return found!;
    }
}
