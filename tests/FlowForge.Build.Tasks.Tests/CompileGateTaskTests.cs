using FlowForge.Core.Fingerprints;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>The gate's two tasks against real files, with a recording engine: decisions, touched files, exact codes.</summary>
public sealed class CompileGateTaskTests : IDisposable
{
    private readonly ProjectFolder _project = new("ff-gate-");
    private string Root => _project.Root;
    private string ProjectFile => _project.ProjectFile;
    private string Obj => _project.Obj;
    private string StateDirectory => _project.StateDirectory;
    private string Dll => Path.Combine(Obj, "App.dll");
    private string Source => Path.Combine(Root, "A.cs");

    public CompileGateTaskTests()
    {
        File.WriteAllText(Source, "class A {}");
        File.SetLastWriteTimeUtc(Source, DateTime.UtcNow.AddMinutes(-10));
    }

    public void Dispose() => _project.Dispose();

    private (EvaluateCompileGate Task, RecordingBuildEngine Engine) Gate(RecordingBuildEngine? engine = null, string optimize = "false", string version = "1.0.0", string deterministic = "true")
    {
        engine ??= new RecordingBuildEngine();
        var task = new EvaluateCompileGate
        {
            BuildEngine = engine,
            ProjectFile = ProjectFile,
            StateDirectory = StateDirectory,
            StatCacheFile = _project.StatCacheFile,
            Deterministic = deterministic,
            IntermediateDirectories = [new TaskItem(Path.Combine(Root, "obj"))],
            Options = ["Optimize=" + optimize],
            Context = ["Version=" + version],
            Compile = [Source, Path.Combine(Obj, "App.AssemblyInfo.cs")],
            CoreCompileOutputs = [new TaskItem(Dll)],
        };
        File.WriteAllText(Path.Combine(Obj, "App.AssemblyInfo.cs"), "[assembly: V(\"" + version + "\")]");
        File.SetLastWriteTimeUtc(Path.Combine(Obj, "App.AssemblyInfo.cs"), DateTime.UtcNow.AddMinutes(-10));
        Assert.True(task.Execute());
        return (task, engine);
    }

    /// <summary>What CoreCompile does when it runs: writes the output, then calls the after-compile step.</summary>
    private void Compile(RecordingBuildEngine engine, string content = "compiled")
    {
        File.WriteAllText(Dll, content);
        var record = new RecordCompileFingerprint { BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, CoreCompileOutputs = [new TaskItem(Dll)] };
        Assert.True(record.Execute());
        Assert.True(record.Recorded);
    }

    private ProjectRecord Record() => ProjectRecord.TryLoad(Path.Combine(StateDirectory, ProjectRecord.FileName), out _)!;

    [Fact]
    public void ReferenceAliasesAndEmbeddedInteropTypesAreInTheFingerprintAndValuesWithSemicolonsStayWhole()
    {
        var library = Path.Combine(Root, "Lib.dll");
        File.WriteAllText(library, "library");
        string Fingerprint(ITaskItem[] referenceMetadata, string defineConstants)
        {
            var task = new EvaluateCompileGate
            {
                BuildEngine = new RecordingBuildEngine(),
                ProjectFile = ProjectFile,
                StateDirectory = StateDirectory,
                StatCacheFile = _project.StatCacheFile,
                Deterministic = "true",
                Options = ["DefineConstants=" + defineConstants],
                Compile = [Source],
                References = [library],
                ReferenceMetadata = referenceMetadata,
                CoreCompileOutputs = [new TaskItem(Dll)],
            };
            Assert.True(task.Execute());
            return task.Fingerprint;
        }
        TaskItem Reference(string name, string value)
        {
            var item = new TaskItem(library);
            item.SetMetadata(name, value);
            return item;
        }

        var plain = Fingerprint([], "DEBUG;TRACE");
        Assert.Equal(plain, Fingerprint([], "DEBUG;TRACE"));
        Assert.NotEqual(plain, Fingerprint([Reference("Aliases", "legacy")], "DEBUG;TRACE"));
        Assert.NotEqual(plain, Fingerprint([Reference("EmbedInteropTypes", "true")], "DEBUG;TRACE"));
        // One option whose value holds a ';' (NamedValues keeps it whole): changing its second part is a change.
        Assert.NotEqual(plain, Fingerprint([], "DEBUG;RELEASE"));
    }

    [Fact]
    public void CompilesFirstSkipsAfterATouchAndAgesTheOutputWhenAPropertyChanges()
    {
        var (first, engine) = Gate();
        Assert.Equal("compiled", first.Decision);
        Compile(engine);
        Assert.True(File.Exists(Path.Combine(StateDirectory, CompileState.FileName)));
        Assert.True(File.Exists(Path.Combine(StateDirectory, CompileState.FingerprintFileName)));

        // A touched source: the output is made newer than it, so MSBuild skips CoreCompile.
        File.SetLastWriteTimeUtc(Source, DateTime.UtcNow.AddSeconds(5));
        var (skip, skipEngine) = Gate();
        Assert.Equal("skipped", skip.Decision);
        Assert.True(File.GetLastWriteTimeUtc(Dll) >= File.GetLastWriteTimeUtc(Source));
        Assert.Contains(skipEngine.Messages, m => m.Message == "FlowForge compile: skipped (content unchanged)" && m.Importance == MessageImportance.Normal);
        Assert.Equal(first.Fingerprint, Record().Compile!.Fingerprint);

        // A property: the output is aged so MSBuild runs CoreCompile.
        var (changed, _) = Gate(optimize: "true");
        Assert.Equal("compiled", changed.Decision);
        Assert.True(File.GetLastWriteTimeUtc(Dll) < File.GetLastWriteTimeUtc(Source));
        Assert.Equal(["property Optimize: false → true"], Record().Compile!.Reasons);
        Assert.Empty(skipEngine.Warnings);
    }

    [Fact]
    public void TheQuickCheckStampIsDatedWhenTheCheckBeganAndASkipDatesTheOutputsNoLater()
    {
        var stamp = Path.Combine(StateDirectory, "last-check.stamp");
        var (first, engine) = Gate();
        Compile(engine);
        // A touched source, newer than the output (so the skip must touch it) and older than the check.
        File.SetLastWriteTimeUtc(Source, File.GetLastWriteTimeUtc(Dll).AddMilliseconds(1));
        Thread.Sleep(20);

        var before = DateTime.UtcNow;
        var task = new EvaluateCompileGate
        {
            BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, StatCacheFile = _project.StatCacheFile,
            LastCheckStamp = stamp, Deterministic = "true", Options = ["Optimize=false"], Context = ["Version=1.0.0"],
            Compile = [Source, Path.Combine(Obj, "App.AssemblyInfo.cs")], CoreCompileOutputs = [new TaskItem(Dll)],
            IntermediateDirectories = [new TaskItem(Path.Combine(Root, "obj"))],
        };
        Assert.True(task.Execute());
        var after = DateTime.UtcNow;
        Assert.Equal("skipped", task.Decision);

        // Dated at the start: a file saved while the check ran is newer than the stamp, so the next build checks again.
        var stamped = File.GetLastWriteTimeUtc(stamp);
        Assert.InRange(stamped, before, after);
        // The touched output carries that same time, not "now": an output newer than the stamp would mean "rewritten
        // since the last check" to MSBuild's quick check, which would then run the gate in the next build too.
        Assert.Equal(stamped, File.GetLastWriteTimeUtc(Dll));
        Assert.True(File.GetLastWriteTimeUtc(Dll) > File.GetLastWriteTimeUtc(Source));
        Assert.Equal(first.Fingerprint, task.Fingerprint);
    }

    [Fact]
    public void ASkipDatesTheOutputsPastTheQuickCheckInputsEvenWhenCoreCompileWouldSkipAnyway()
    {
        var (_, engine) = Gate();
        Compile(engine);
        // compile-settings.txt rewritten (a FlowForge setting changed) after the outputs; the compile inputs are older.
        var settings = Path.Combine(StateDirectory, "compile-settings.txt");
        File.WriteAllText(settings, "LargeFileThreshold=123456");
        File.SetLastWriteTimeUtc(settings, File.GetLastWriteTimeUtc(Dll).AddMilliseconds(5));
        Thread.Sleep(20);

        var task = new EvaluateCompileGate
        {
            BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, StatCacheFile = _project.StatCacheFile,
            Deterministic = "true", Options = ["Optimize=false"], Context = ["Version=1.0.0"], QuickCheckInputs = [settings],
            Compile = [Source, Path.Combine(Obj, "App.AssemblyInfo.cs")], CoreCompileOutputs = [new TaskItem(Dll)],
            IntermediateDirectories = [new TaskItem(Path.Combine(Root, "obj"))],
        };
        Assert.True(task.Execute());
        Assert.Equal("skipped", task.Decision);
        // Otherwise MSBuild's quick check would find the settings newer than the outputs and run the gate in every build.
        Assert.True(File.GetLastWriteTimeUtc(Dll) > File.GetLastWriteTimeUtc(settings));
    }

    [Fact]
    public void OutputsWrittenOneAfterAnotherGetOneTimeSoTheNextQuickCheckPasses()
    {
        var pdb = Path.Combine(Obj, "App.pdb");
        EvaluateCompileGate Run(RecordingBuildEngine engine)
        {
            var task = new EvaluateCompileGate
            {
                BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, StatCacheFile = _project.StatCacheFile,
                Deterministic = "true", Compile = [Source], CoreCompileOutputs = [new TaskItem(Dll), new TaskItem(pdb)],
                IntermediateDirectories = [new TaskItem(Path.Combine(Root, "obj"))],
            };
            Assert.True(task.Execute());
            return task;
        }
        void Stagger() => File.SetLastWriteTimeUtc(pdb, File.GetLastWriteTimeUtc(Dll).AddMilliseconds(3));

        var engine = new RecordingBuildEngine();
        Assert.Equal("compiled", Run(engine).Decision);
        // The compiler writes its outputs one after another; the after-compile step gives them the newest of their times.
        File.WriteAllText(Dll, "compiled");
        File.WriteAllText(pdb, "symbols");
        Stagger();
        var record = new RecordCompileFingerprint { BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, CoreCompileOutputs = [new TaskItem(Dll), new TaskItem(pdb)] };
        Assert.True(record.Execute());
        Assert.Equal(File.GetLastWriteTimeUtc(Dll), File.GetLastWriteTimeUtc(pdb));

        // Times apart again (rewritten behind FlowForge's back, same bytes): CoreCompile's check passes, the quick check,
        // which lists the outputs as inputs too, would not; a skip gives them one time again.
        Stagger();
        Assert.Equal("skipped", Run(engine).Decision);
        Assert.Equal(File.GetLastWriteTimeUtc(Dll), File.GetLastWriteTimeUtc(pdb));
        Assert.True(File.GetLastWriteTimeUtc(Dll) > File.GetLastWriteTimeUtc(Source));
        // And then nothing is touched any more.
        var settled = File.GetLastWriteTimeUtc(Dll);
        Assert.Equal("skipped", Run(engine).Decision);
        Assert.Equal(settled, File.GetLastWriteTimeUtc(Dll));
        Assert.Empty(engine.Warnings);
    }

    /// <summary>The targets log the quick check's line; the summary logger and the report recognise it by this constant.</summary>
    [Fact]
    public void TheTargetsLogTheQuickCheckLineExactlyAsTheReportReadsIt()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "FlowForge.Build.sln"))) root = Path.GetDirectoryName(root)!;
        var targets = File.ReadAllText(Path.Combine(root, "src", "FlowForge.Build.Tasks", "build", "FlowForge.Build.Late.targets"));
        Assert.Contains($"<FlowForgeChangeSummary>{Core.Changes.ChangeReport.NothingNewerSummary}</FlowForgeChangeSummary>", targets);
        Assert.Contains("Text=\"FlowForge: $(FlowForgeChangeSummary)\"", targets);
    }

    [Fact]
    public void AVersionChangingOnEveryBuildIsFF1006WithBothValues()
    {
        var (_, engine) = Gate(version: "1.0.1");
        Compile(engine, "v1");
        (_, engine) = Gate(version: "1.0.2");
        Compile(engine, "v2");
        Assert.Empty(engine.Warnings);
        (_, engine) = Gate(version: "1.0.3");
        Assert.Equal(["FF1006"], engine.WarningCodes);
        var change = Assert.Single(Record().Compile!.VolatileProperties);
        Assert.Equal(("Version", "1.0.2", "1.0.3"), (change.Name, change.Previous, change.Current));
    }

    [Fact]
    public void CorruptStateIsFF1007()
    {
        var (_, engine) = Gate();
        Compile(engine);
        File.WriteAllText(Path.Combine(StateDirectory, CompileState.FileName), "{ not json");
        var (corrupt, corruptEngine) = Gate();
        Assert.Equal(["FF1007"], corruptEngine.WarningCodes);
        Assert.Equal("compiled", corrupt.Decision);
    }

    [Fact]
    public void NonDeterministicCompilesAreSkippedWhenUnchangedAndRecompileOnAPropertyChange()
    {
        var (first, engine) = Gate(deterministic: "false");
        Assert.Equal(ProjectRecord.Decisions.Compiled, first.Decision);
        Compile(engine);

        // Unchanged inputs keep the previous outputs, as MSBuild's own no-op build does.
        File.SetLastWriteTimeUtc(Source, DateTime.UtcNow.AddSeconds(5));
        var (skipped, quiet) = Gate(deterministic: "false");
        Assert.Equal(ProjectRecord.Decisions.Skipped, skipped.Decision);
        Assert.Empty(quiet.Warnings);
        var section = Record().Compile!;
        Assert.True(section.NonDeterministic);
        Assert.Contains(section.Reasons, r => r.StartsWith("non-deterministic", StringComparison.Ordinal));
        Assert.True(File.GetLastWriteTimeUtc(Dll) >= File.GetLastWriteTimeUtc(Source)); // MSBuild's check now skips CoreCompile

        var (optimized, _) = Gate(optimize: "true", deterministic: "false");
        Assert.Equal(ProjectRecord.Decisions.Compiled, optimized.Decision);
        Assert.Contains("property Optimize: false → true", Record().Compile!.Reasons);
    }

    [Fact]
    public void AnInputEditedDuringTheCompileIsNotRecorded()
    {
        var (_, engine) = Gate();
        File.WriteAllText(Source, "class A { int edited; }");
        File.WriteAllText(Dll, "compiled");
        var record = new RecordCompileFingerprint { BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, CoreCompileOutputs = [new TaskItem(Dll)] };
        Assert.True(record.Execute());
        Assert.False(record.Recorded);
        Assert.False(File.Exists(Path.Combine(StateDirectory, CompileState.FileName)));
        Assert.Contains(Record().Compile!.Reasons, r => r.StartsWith("not recorded: inputs changed during the compile (A.cs)"));
    }
}
