using FlowForge.Core.Diagnostics;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>Change detection, the first part of the compile gate's task (here with the gate standing aside:
/// FlowForgeCompileGate=false is passed, so only detection and the record are exercised).</summary>
public sealed class ChangeDetectionTests : IDisposable
{
    private readonly ProjectFolder _project = new("ff-tasks-");
    private string Root => _project.Root;
    private string ProjectFile => _project.ProjectFile;
    private string StateDirectory => _project.StateDirectory;
    private string StatCacheFile => _project.StatCacheFile;

    public ChangeDetectionTests()
    {
        Write("A.cs", "class A {}");
        Write("B.cs", "class B {}");
    }

    public void Dispose() => _project.Dispose();

    private string Write(string name, string text) => _project.Write(name, text);

    private (EvaluateCompileGate Task, RecordingBuildEngine Engine) Run(params string[] compile)
    {
        var engine = new RecordingBuildEngine();
        var task = NewTask(engine, (compile.Length == 0 ? new[] { "A.cs", "B.cs" } : compile).Select(c => Path.Combine(Root, c)).ToArray());
        Assert.True(task.Execute());
        engine.EndBuild();
        return (task, engine);
    }

    [Fact]
    public void FirstBuildWritesRecordAndManifestAndLogsOneLine()
    {
        var (task, engine) = Run();
        Assert.Empty(engine.Warnings);
        Assert.True(task.InputsChanged);
        Assert.Contains(engine.Messages, m => m.Message == "FlowForge: first build, 2 inputs recorded" && m.Importance == MessageImportance.Normal);
        var record = ProjectRecord.TryLoad(Path.Combine(StateDirectory, ProjectRecord.FileName), out _)!;
        Assert.True(record.Inputs.FirstBuild);
        Assert.Equal(2, record.Inputs.Count);
        Assert.True(File.Exists(Path.Combine(StateDirectory, EvaluateCompileGate.ManifestFileName)));
        Assert.True(File.Exists(StatCacheFile)); // saved when the build ended
    }

    [Fact]
    public void OneRecordHoldsTheChangesAndTheCompileDecision()
    {
        var engine = new RecordingBuildEngine();
        var task = NewTask(engine, Path.Combine(Root, "A.cs"));
        Assert.True(task.Execute());
        var record = ProjectRecord.TryLoad(Path.Combine(StateDirectory, ProjectRecord.FileName), out _)!;
        Assert.Equal("first build, 1 inputs recorded", record.Summary);
        Assert.Equal(ProjectRecord.Decisions.NotGated, record.Compile!.Decision);
        Assert.True(record.Timings.ChangeDetectionMs > 0);
    }

    [Fact]
    public void EditedFileIsAnOutputItemWithChangeMetadata()
    {
        Run();
        Write("A.cs", "class A { int x; }");
        var (task, _) = Run();
        var item = Assert.Single(task.ChangedFiles);
        Assert.Equal(Path.Combine(Root, "A.cs"), item.ItemSpec);
        Assert.Equal("Modified", item.GetMetadata("Change"));
        Assert.True(task.InputsChanged);
        Assert.Equal("1 of 2 inputs changed (A.cs)", task.ChangeSummary);
    }

    [Fact]
    public void TouchedFilesAreNotChanges()
    {
        Run();
        foreach (var f in new[] { "A.cs", "B.cs" }) File.SetLastWriteTimeUtc(Path.Combine(Root, f), DateTime.UtcNow.AddSeconds(3));
        var (task, _) = Run();
        Assert.Empty(task.ChangedFiles);
        Assert.False(task.InputsChanged);
        Assert.Equal("content unchanged (timestamps of 2 inputs changed)", task.ChangeSummary);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("truncated")]
    public void CorruptManifestIsOneFF1003WarningAndAFirstBuild(string damage)
    {
        Run();
        Corrupt(Path.Combine(StateDirectory, EvaluateCompileGate.ManifestFileName), damage);
        var (task, engine) = Run();
        Assert.Equal(new[] { DiagnosticCodes.ManifestCorrupt }, engine.WarningCodes);
        Assert.True(task.InputsChanged);
        var (again, engineAgain) = Run(); // and the next build is back to normal
        Assert.Empty(engineAgain.Warnings);
        Assert.False(again.InputsChanged);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("truncated")]
    public void CorruptStatCacheIsOneFF1002WarningAndIsRebuilt(string damage)
    {
        Run();
        Corrupt(StatCacheFile, damage);
        var (task, engine) = Run();
        Assert.Equal(new[] { DiagnosticCodes.StatCacheCorrupt }, engine.WarningCodes);
        Assert.False(task.InputsChanged); // the project's own manifest still knows the hashes
        var (_, engineAgain) = Run();
        Assert.Empty(engineAgain.Warnings);
    }

    [Fact]
    public void UnreadableInputIsOneFF1001Warning()
    {
        if (!OperatingSystem.IsLinux()) return; // /proc/self/mem is the one file even root cannot read
        var engine = new RecordingBuildEngine();
        var task = NewTask(engine, Path.Combine(Root, "A.cs"), "/proc/self/mem");
        Assert.True(task.Execute());
        Assert.Equal(new[] { DiagnosticCodes.InputUnreadable }, engine.WarningCodes);
    }

    [Fact]
    public void UnwritableStateFolderIsOneFF1004WarningAndTheTaskSucceeds()
    {
        // A file where FlowForge's folder under obj/ should be: nothing can be written there.
        Directory.CreateDirectory(Path.GetDirectoryName(StateDirectory)!);
        File.WriteAllText(StateDirectory, "not a folder");
        var (task, engine) = Run();
        Assert.Equal(new[] { DiagnosticCodes.StateNotWritten }, engine.WarningCodes);
        Assert.True(task.InputsChanged);
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void InternalFailureIsFF9001NotAnError()
    {
        var engine = new RecordingBuildEngine();
        var task = new EvaluateCompileGate { BuildEngine = engine, ProjectFile = "", StateDirectory = "" };
        Assert.True(task.Execute());
        Assert.Equal(new[] { DiagnosticCodes.InternalError }, engine.WarningCodes);
        Assert.True(task.InputsChanged);
    }

    /// <summary>The gate task with only what change detection reads (FlowForgeCompileGate=false: the gate stands aside).</summary>
    private EvaluateCompileGate NewTask(RecordingBuildEngine engine, params string[] compile) => new()
    {
        BuildEngine = engine,
        ProjectFile = ProjectFile,
        StateDirectory = StateDirectory,
        StatCacheFile = StatCacheFile,
        TargetFramework = "net10.0",
        Enabled = "false",
        Compile = compile,
    };

    private static void Corrupt(string file, string damage)
    {
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage == "random" ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes.Length) : bytes[..(bytes.Length / 3)]);
    }
}
