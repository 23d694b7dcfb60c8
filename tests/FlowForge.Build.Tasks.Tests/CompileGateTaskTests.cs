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
    public void SwitchingAPropertyBackAndForthIsNotFF1006()
    {
        // -p:Optimize=true, then without it, then with it again: every build compiles, none is a volatile property.
        foreach (var optimize in new[] { "false", "true", "false", "true" })
        {
            var (gate, engine) = Gate(optimize: optimize);
            Assert.Equal("compiled", gate.Decision);
            Assert.Empty(engine.Warnings);
            Assert.Empty(Record().Compile!.VolatileProperties);
            Compile(engine, "optimize=" + optimize);
        }
    }

    /// <summary>A stat cache that vouches for a content the source no longer has (what a file system with coarse or
    /// restored times could make of a same-size edit): the fingerprint names the wrong content.</summary>
    private void SeedFooledStatCache()
    {
        var status = Core.Hashing.FileStatus.Of(Source);
        Assert.True(status.Identity.IsKnown);
        var fooled = new Core.Hashing.StatCache(() => DateTime.UtcNow.AddMinutes(1).Ticks);
        fooled.Seed(new Core.Hashing.FileEntry(Source, 0, status.Length, status.LastWriteTicksUtc, DateTime.UtcNow.AddMinutes(1).Ticks,
            Core.Hashing.ContentHash.Of("class Z {}"u8), status.Identity));
        Directory.CreateDirectory(Path.GetDirectoryName(_project.StatCacheFile)!);
        fooled.Save(_project.StatCacheFile);
    }

    /// <summary>The gate of the one-file project with a build cache at <paramref name="cacheRoot"/>; with a compiler
    /// error log the store goes to the background writer, without one it is synchronous.</summary>
    private EvaluateCompileGate CachedGate(RecordingBuildEngine engine, string cacheRoot, string? errorLog) => new()
    {
        BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, StatCacheFile = _project.StatCacheFile,
        CacheRoot = cacheRoot, Deterministic = "true", Options = ["Optimize=false"], Compile = [Source],
        CoreCompileOutputs = [new TaskItem(Dll)], CompilerOutputs = [new TaskItem(Dll)], CompileErrorLog = errorLog,
        IntermediateDirectories = [new TaskItem(Path.Combine(Root, "obj")), new TaskItem(Obj)],
    };

    [Fact]
    public void AStaleHashFromAFooledStatCacheIsCaughtBeforeAStoreAndNothingIsRecorded()
    {
        // A stat cache that vouches for a content the source no longer has (what a file system with coarse or restored
        // times could make of a same-size edit): the fingerprint names the wrong content. The check by content before
        // the store must catch it: no cache entry, no recorded state, FF1009.
        SeedFooledStatCache();
        var cacheRoot = Path.Combine(Root, "cache-root");
        var engine = new RecordingBuildEngine();
        var gate = CachedGate(engine, cacheRoot, errorLog: null);
        Assert.True(gate.Execute());
        Assert.Equal("compiled", gate.Decision);
        File.WriteAllText(Dll, "compiled from class A");
        var record = new RecordCompileFingerprint { BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, CoreCompileOutputs = [new TaskItem(Dll)] };
        Assert.True(record.Execute());

        Assert.False(record.Recorded);
        Assert.Equal(["FF1009"], engine.WarningCodes);
        Assert.False(File.Exists(Path.Combine(StateDirectory, CompileState.FileName)));
        Assert.False(File.Exists(Path.Combine(StateDirectory, Core.Changes.QuickCheckRecord.FileName)));
        Assert.Equal("miss", Record().Cache!.Result);
        Assert.False(Directory.Exists(Path.Combine(cacheRoot, "ac")) && Directory.EnumerateFiles(Path.Combine(cacheRoot, "ac"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void AStaleHashIsAlsoCaughtWhenTheStoreGoesToTheBackgroundWriterWhichChecksTheInputsOffTheCriticalPath()
    {
        // As above, but with the compiler's error log present, so the store is handed to the background writer: the
        // check by content runs on the writer's thread, before anything is stored. The task returns at once (the
        // state it wrote is removed by the writer); the end of the build finds no entry, no state, and FF1009 in the
        // writer's log, and the record says why.
        SeedFooledStatCache();
        var cacheRoot = Path.Combine(Root, "cache-root");
        var sarif = Path.Combine(Obj, "App.sarif");
        var engine = new RecordingBuildEngine();
        var gate = CachedGate(engine, cacheRoot, sarif);
        Assert.True(gate.Execute());
        Assert.Equal("compiled", gate.Decision);
        File.WriteAllText(Dll, "compiled from class A");
        File.WriteAllText(sarif, """{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"results":[]}]}""");
        var record = new RecordCompileFingerprint { BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, CoreCompileOutputs = [new TaskItem(Dll)] };
        Assert.True(record.Execute());
        Assert.Empty(engine.WarningCodes); // the writer checks later

        engine.EndBuild();
        Assert.False(File.Exists(Path.Combine(StateDirectory, CompileState.FileName)));
        Assert.False(File.Exists(Path.Combine(StateDirectory, Core.Changes.QuickCheckRecord.FileName)));
        var saved = Record();
        Assert.Equal("miss", saved.Cache!.Result);
        Assert.NotNull(saved.Cache.RecheckMs);
        Assert.Contains(saved.Compile!.Reasons, r => r.StartsWith("not recorded: inputs changed during the compile", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(cacheRoot, "ac")) && Directory.EnumerateFiles(Path.Combine(cacheRoot, "ac"), "*", SearchOption.AllDirectories).Any());
        var drain = Assert.Single(Caching.WriterLog.Read(cacheRoot));
        Assert.Contains(drain.Problems ?? [], p => p.Contains("FF1009", StringComparison.Ordinal));
    }

    [Fact]
    public void AMissIsStoredInTheBackgroundAndTheEndOfTheBuildWaitsForItAndRecordsHowItEnded()
    {
        var cacheRoot = Path.Combine(Root, "cache-root");
        var sarif = Path.Combine(Obj, "App.sarif");
        EvaluateCompileGate NewGate(RecordingBuildEngine engine) => new()
        {
            BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, StatCacheFile = _project.StatCacheFile,
            CacheRoot = cacheRoot, Deterministic = "true", Options = ["Optimize=false"], Compile = [Source],
            CoreCompileOutputs = [new TaskItem(Dll)], CompilerOutputs = [new TaskItem(Dll)], CompileErrorLog = sarif,
            IntermediateDirectories = [new TaskItem(Path.Combine(Root, "obj")), new TaskItem(Obj)],
        };
        var engine = new RecordingBuildEngine();
        var gate = NewGate(engine);
        Assert.True(gate.Execute());
        Assert.Equal("compiled", gate.Decision);
        File.WriteAllText(Dll, "compiled from class A");
        File.WriteAllText(sarif, """{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"results":[]}]}""");
        var record = new RecordCompileFingerprint { BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, CoreCompileOutputs = [new TaskItem(Dll)] };
        Assert.True(record.Execute());
        Assert.True(record.Recorded);
        Assert.Empty(engine.WarningCodes);
        Assert.Contains(Record().Cache!.Result, new[] { "queued", "stored" }); // the writer may be done already

        engine.EndBuild(); // MSBuild disposes the build's objects: the cache drains its writer
        var cache = Record().Cache!;
        Assert.Equal("stored", cache.Result);
        Assert.True(cache.BytesStored > 0);
        Assert.NotNull(cache.StoreMs);
        Assert.NotNull(cache.StoreQueuedMs);
        var drain = Assert.Single(Caching.WriterLog.Read(cacheRoot));
        Assert.Null(drain.Code);

        // The next build (a fresh clone: obj/ emptied) restores what the writer stored.
        File.Delete(Dll);
        File.Delete(Path.Combine(StateDirectory, CompileState.FileName));
        var next = NewGate(new RecordingBuildEngine());
        Assert.True(next.Execute());
        Assert.Equal("restored", next.Decision);
        Assert.Equal("compiled from class A", File.ReadAllText(Dll));
    }

    [Fact]
    public void TheQuickCheckPassesAfterASkipAndFailsForASameSizeEditWithTheMtimePutBack()
    {
        var settingsFile = Path.Combine(StateDirectory, "compile-settings.txt");
        var quickCheckFile = Path.Combine(StateDirectory, Core.Changes.QuickCheckRecord.FileName);
        var engine = new RecordingBuildEngine();
        bool QuickCheck()
        {
            var settings = new WriteCompileSettings { BuildEngine = engine, File = settingsFile, Settings = ["Optimize=false"], InputLists = [Source], QuickCheckRecord = quickCheckFile };
            Assert.True(settings.Execute());
            return settings.QuickCheckPassed;
        }
        EvaluateCompileGate Check()
        {
            var gate = new EvaluateCompileGate
            {
                BuildEngine = engine, ProjectFile = ProjectFile, StateDirectory = StateDirectory, StatCacheFile = _project.StatCacheFile,
                QuickCheckRecord = quickCheckFile, QuickCheckInputs = [settingsFile], Deterministic = "true", Options = ["Optimize=false"],
                Compile = [Source], CoreCompileOutputs = [new TaskItem(Dll)], IntermediateDirectories = [new TaskItem(Path.Combine(Root, "obj"))],
            };
            Assert.True(gate.Execute());
            return gate;
        }

        Assert.False(QuickCheck()); // no record yet
        Assert.Equal("compiled", Check().Decision);
        Compile(engine);
        Assert.True(File.Exists(quickCheckFile));
        // The outputs were just written: within the racy window of the record, so the next build checks once more.
        Assert.False(QuickCheck());
        Assert.Equal("skipped", Check().Decision);

        // Move every time the record holds into the past, as if the last check was long ago.
        AgeEverything(settingsFile, Source, Dll);
        Assert.False(QuickCheck()); // aging changed the ctimes
        Assert.Equal("skipped", Check().Decision);
        Assert.True(QuickCheckAfterTheRacyWindow());

        // A same-size edit whose mtime is put back: MSBuild's timestamps cannot see it; the ctime moved.
        var mtime = File.GetLastWriteTimeUtc(Source);
        File.WriteAllText(Source, "class B {}");
        File.SetLastWriteTimeUtc(Source, mtime);
        Assert.False(QuickCheck());
        var afterEdit = Check();
        Assert.Equal("compiled", afterEdit.Decision);
        Assert.False(File.Exists(quickCheckFile));
        Assert.Empty(engine.Warnings);

        bool QuickCheckAfterTheRacyWindow()
        {
            // The record's check began before the aging moved the ctimes; a record written "later" is what the next
            // build sees when it comes more than two seconds after: simulate it by re-dating the record's check.
            var record = Core.Changes.QuickCheckRecord.TryLoad(quickCheckFile)!;
            Core.Changes.QuickCheckRecord.Create(record.Entries.Select(e => new KeyValuePair<string, Core.Hashing.FileStatus>(e.Path, e.Status)),
                DateTime.UtcNow.AddSeconds(3).Ticks).Save(quickCheckFile);
            return QuickCheck();
        }
    }

    private static void AgeEverything(params string[] files)
    {
        foreach (var file in files) File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddMinutes(-1));
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
