using System.Diagnostics;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Caching;
using FlowForge.Config;
using FlowForge.Core.Configuration;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>
/// The compile gate's decision step, just before CoreCompile. First change detection (<see cref="ProjectStateTask"/>:
/// which inputs changed by content, for the log, the record and @(FlowForgeChangedFile), also with the gate off). Then it
/// computes the compile's fingerprint (from those hashes: nothing is hashed twice), compares it with the
/// one recorded for the outputs in obj/, and makes MSBuild's own up-to-date check of CoreCompile agree (touching only
/// files under obj/). Logs one line, fills the record's compile section. On a mismatch it asks the build cache: a hit
/// restores the outputs into obj/, replays the compile's warnings and makes CoreCompile up to date exactly like a skip;
/// a miss hands the cache to the after-compile step, which stores the new outputs.
/// </summary>
public sealed class EvaluateCompileGate : ProjectStateTask
{
    /// <summary>The quick-check record to leave for the next build (<see cref="Core.Changes.QuickCheckRecord"/>): the full stat
    /// identity of every file this check covered. None when empty.</summary>
    public string? QuickCheckRecord { get; set; }

    /// <summary>$(FlowForgeQuickCheck): "false" hashes every input by content in every build (no stat data is trusted).</summary>
    public string? QuickCheck { get; set; }

    /// <summary>$(FlowForgeCompileGate): "false" turns the gate off for this project.</summary>
    public string? Enabled { get; set; }
    /// <summary>$(Deterministic): "false" makes a compile non-deterministic (<see cref="NonDeterministicCompile"/>).</summary>
    public string? Deterministic { get; set; }
    /// <summary>$(FlowForgeShareNonDeterministic): "true" lets a non-deterministic compile's outputs go to the remote cache.</summary>
    public string? ShareNonDeterministic { get; set; }
    public string? SkipCompilerExecution { get; set; }
    /// <summary>$(NonExistentFile): set inside Visual Studio, where CoreCompile always runs.</summary>
    public string? NonExistentFile { get; set; }
    /// <summary>Folders the gate may touch files in: the project's obj/ (BaseIntermediateOutputPath, IntermediateOutputPath).</summary>
    public ITaskItem[] IntermediateDirectories { get; set; } = [];

    public string? SdkVersion { get; set; }
    public ITaskItem[] CompilerFiles { get; set; } = [];
    /// <summary>Csc parameters as <c>Name=Value</c>, or <c>Name:Kind=Value</c> for Path, PathList and PathMap values
    /// (<see cref="NamedValues"/>).</summary>
    public string[] Options { get; set; } = [];
    /// <summary>Output paths: <c>Name=Value</c>.</summary>
    public string[] OutputPaths { get; set; } = [];
    /// <summary>Properties for explanations only: <c>Name=Value</c>.</summary>
    public string[] Context { get; set; } = [];
    /// <summary>Named folders for canonical paths: <c>token=folder</c>.</summary>
    public string[] PathRoots { get; set; } = [];
    public string? PathMap { get; set; }

    /// <summary>The build cache's settings: $(FlowForgeCache), $(FlowForgeCacheSizeLimit), … (CacheRoot above).</summary>
    public string? Cache { get; set; }
    public string? CacheSizeLimit { get; set; }
    public string? CacheReadOnly { get; set; }
    /// <summary>$(FlowForgeCacheKeyFile): the file with the keys that sign entries. The keys themselves come only from the
    /// file or the FLOWFORGE_CACHE_KEY variable, read here, so they never appear in a binlog (which records parameters).</summary>
    public string? CacheKeyFile { get; set; }
    public string? RemoteCacheUrl { get; set; }
    /// <summary>Where the remote URL came from (the config reader's Source, e.g. "flowforge.toml(3,1)"): a URL with
    /// credentials from the file has had its FF5108 warning already.</summary>
    public string? RemoteCacheUrlSource { get; set; }
    public string? RemoteCacheReadOnly { get; set; }
    public string? RemoteCacheConnectTimeout { get; set; }
    public string? RemoteCacheReadTimeout { get; set; }
    /// <summary>$(FlowForgeCacheBackgroundStore) and $(FlowForgeCacheDrainTimeout): the background writer.</summary>
    public string? CacheBackgroundStore { get; set; }
    public string? CacheDrainTimeout { get; set; }

    /// <summary>FlowForgeLargeFileThreshold: cached outputs at least this large are stored as chunk lists.</summary>
    public string? LargeFileThreshold { get; set; }
    /// <summary>$(FlowForgeCachePathMap): "false" keeps absolute paths in the outputs (and so no cache hits across clones).</summary>
    public string? CachePathMap { get; set; }
    /// <summary>$(DeterministicSourcePaths): when true the SDK maps source paths itself.</summary>
    public string? DeterministicSourcePaths { get; set; }
    /// <summary>The files Csc writes: IntermediateAssembly, IntermediateRefAssembly, the pdb, the documentation file.</summary>
    public ITaskItem[] CompilerOutputs { get; set; } = [];
    /// <summary>@(CustomAdditionalCompileOutputs): written by someone other than Csc, so such compiles are not cached.</summary>
    public ITaskItem[] CustomCompileOutputs { get; set; } = [];
    /// <summary>The SARIF file Csc writes its diagnostics to ($(FlowForgeCompileErrorLog)), kept with a cache entry.</summary>
    public string? CompileErrorLog { get; set; }

    /// <summary>The PathMap the compile should use: the input, or (cache on, none set) the checkout's root mapped to
    /// "/_/" so outputs do not depend on the folder of the checkout.</summary>
    [Output] public string? CompilePathMap { get; private set; }

    /// <summary>True when the compile must not go to the compiler server: a reference or analyzer was rewritten keeping its
    /// modification time, and the server knows those files by path and modification time, so it would compile against
    /// the version it read before (a wrong binary, then stored in the cache). The targets then set UseSharedCompilation
    /// to false for this compile; the next ones use the server again.</summary>
    [Output] public bool AvoidCompilerServer { get; private set; }

    /// <summary>The references among <see cref="ProjectStateTask.References"/> that have Aliases or EmbedInteropTypes=true,
    /// with those metadata (usually none: the full reference items are not passed, see ProjectStateTask).</summary>
    public ITaskItem[] ReferenceMetadata { get; set; } = [];

    /// <summary>The compile's other inputs (Compile, References, … are in <see cref="ProjectStateTask"/>).</summary>
    public ITaskItem[] LinkResources { get; set; } = [];
    public ITaskItem[] EmbeddedFiles { get; set; } = [];
    public ITaskItem[] AddModules { get; set; } = [];
    /// <summary>Files named by properties: Include = path, metadata Property = the property's name.</summary>
    public ITaskItem[] SingleFiles { get; set; } = [];
    public ITaskItem[] ExtraInputs { get; set; } = [];

    /// <summary>CoreCompile's Inputs as the SDK's target lists them, apart from those already passed as Compile, References,
    /// Analyzers, AdditionalFiles and EditorConfigFiles (the task joins them): a binlog records every task parameter,
    /// and the full list would log each reference a third time in every project.</summary>
    public string[] CoreCompileOtherInputs { get; set; } = [];
    /// <summary>The quick check's files besides the compile's inputs and outputs (compile-settings.txt, the compiler's
    /// files): recorded with their identity so that a changed setting makes the next build check.</summary>
    public string[] QuickCheckInputs { get; set; } = [];
    /// <summary>CoreCompile's Outputs, exactly as the SDK's target lists them.</summary>
    public ITaskItem[] CoreCompileOutputs { get; set; } = [];

    [Output] public string Decision { get; private set; } = "";
    [Output] public string Fingerprint { get; private set; } = "";

    /// <summary>Change detection's results (<see cref="ProjectStateTask"/>): inputs changed by content since the previous
    /// build, metadata Change (Added, Modified, Removed) and InputKind.</summary>
    [Output] public ITaskItem[] ChangedFiles { get; private set; } = [];
    [Output] public bool InputsChanged { get; private set; } = true;
    [Output] public string ChangeSummary { get; private set; } = "";

    protected override void ExecuteCore()
    {
        // Taken before any input is read: the quick-check record trusts nothing that changed within the racy window of it.
        _checkStartedUtc = DateTime.UtcNow;
        _trustStatData = !string.Equals(QuickCheck, "false", StringComparison.OrdinalIgnoreCase);
        _quickCheckFile = _trustStatData && !string.IsNullOrWhiteSpace(QuickCheckRecord) ? Path.GetFullPath(QuickCheckRecord!) : null;
        // The previous check's record vouches for outputs that still carry the identity it saw (else they are hashed).
        _previousQuickCheck = _quickCheckFile is null ? null : Core.Changes.QuickCheckRecord.TryLoad(_quickCheckFile);
        Evaluate();
    }

    private DateTime _checkStartedUtc;
    private bool _trustStatData = true;
    private string? _quickCheckFile;
    private Core.Changes.QuickCheckRecord? _previousQuickCheck;

    private void Evaluate()
    {
        var projectFile = Path.GetFullPath(ProjectFile);
        var projectDirectory = Path.GetDirectoryName(projectFile)!;
        var stateDirectory = Path.GetFullPath(StateDirectory);
        var changes = DetectChanges(projectFile, stateDirectory, LargeFileThreshold, _trustStatData);
        ChangedFiles = changes.ChangedFiles;
        InputsChanged = changes.InputsChanged;
        ChangeSummary = changes.Summary;

        long started = Stopwatch.GetTimestamp();
        var record = changes.Record;
        var recordFile = changes.RecordFile;

        CompilePathMap = PathMap;
        var notGated = NotGatedReason();
        if (notGated is not null)
        {
            // MSBuild alone decides about CoreCompile: no record, so change detection runs in every build.
            if (_quickCheckFile is not null) Core.Changes.QuickCheckRecord.Delete(_quickCheckFile);
            Decision = ProjectRecord.Decisions.NotGated;
            Finish(record, recordFile, new ProjectRecord.CompileSection { Decision = Decision, Reasons = [notGated] }, started);
            return;
        }

        var nonDeterministic = NonDeterministicCompile.From(Deterministic, ShareNonDeterministic);
        var cacheSettings = SharedCompileCache.Settings(CacheProperty) with
        {
            RemoteUrlWarnedByConfigFile = RemoteCacheUrlSource?.StartsWith(ConfigCatalog.FileName, StringComparison.OrdinalIgnoreCase) == true,
        };
        var checkoutRoot = FlowForgePaths.FindRepositoryRoot(projectDirectory) ?? WorkspaceRootOrProject(projectDirectory);
        bool mapped = cacheSettings.Enabled && string.IsNullOrWhiteSpace(PathMap)
            && !string.Equals(CachePathMap, "false", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(DeterministicSourcePaths, "true", StringComparison.OrdinalIgnoreCase);
        if (mapped) CompilePathMap = Path.TrimEndingDirectorySeparator(checkoutRoot) + Path.DirectorySeparatorChar + "=/_/";
        // Generated editorconfigs name the checkout's folder; with the folder mapped it does not reach the output.
        var generatedEditorConfigs = new HashSet<string>(mapped
            ? EditorConfigFiles.Select(e => FullPath(e, projectDirectory)).Where(p => p.Length > 0 && UnderIntermediate(p))
            : [], StatCache.PathComparer);

        // Hashes: change detection's first (no file is hashed twice), then the shared stat cache.
        var known = new Dictionary<string, FileEntry>(StatCache.PathComparer);
        foreach (var entry in changes.Manifest.Entries) known.TryAdd(entry.Path, entry);
        // Loaded only for files change detection did not see (the compiler's own files, files named by properties).
        StatCache? statCache = null;
        var inputStatus = new Dictionary<string, FileStatus>(StatCache.PathComparer);
        // What each input contributed to the fingerprint, for the check by content before a cache store.
        var inputHashes = new Dictionary<string, string>(StatCache.PathComparer);
        string HashOf(string path)
        {
            var hash = HashOfInput(path);
            inputHashes.TryAdd(path, hash);
            return hash;
        }
        string HashOfInput(string path)
        {
            if (generatedEditorConfigs.Contains(path))
            {
                var generated = FileStatus.Of(path);
                inputStatus.TryAdd(path, generated);
                if (!generated.Exists) return CompileFingerprintBuilder.Missing;
                try { return LocationIndependentHash.OfFile(path, checkoutRoot).ToString(); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Unreadable(); }
            }
            if (known.TryGetValue(path, out var entry))
            {
                inputStatus.TryAdd(path, entry.Status);
                return entry.Length < 0 ? CompileFingerprintBuilder.Missing : entry.Hash.IsZero ? Unreadable() : entry.Hash.ToString();
            }
            var status = FileStatus.Of(path);
            inputStatus.TryAdd(path, status);
            if (!status.Exists) return CompileFingerprintBuilder.Missing;
            statCache ??= LoadSharedStatCache(projectDirectory).Cache;
            try { return (_trustStatData ? statCache.GetHash(path, status) : statCache.HashByContent(path, status)).ToString(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Unreadable(); }
        }
        // Re-reads an input as HashOf did, but always by content (the check before a cache store). Files of the SDK, its
        // packs and the NuGet packages folder are read once per build and node (InstalledFileHashes).
        // Only absolute roots that do not hold the project itself (a repository inside one is not an installation).
        var installedRoots = NamedValues.Parse(PathRoots).Select(r => r.Value.Trim()).Where(Path.IsPathRooted).Select(Path.GetFullPath)
            .Where(r => !(projectDirectory + Path.DirectorySeparatorChar).StartsWith(Path.TrimEndingDirectorySeparator(r) + Path.DirectorySeparatorChar, StatCache.PathComparison))
            .ToList();
        var installedHashes = BuildScoped.GetOrCreate(BuildEngine, "flowforge-installed-file-hashes", () => new InstalledFileHashes(), out _);
        // Set once the fingerprint is built: the stat cache as change detection and the fingerprint left it in this build.
        StatCache? readThisBuild = null;
        string HashByContent(string path) => installedHashes.HashByContent(path, installedRoots, ReadByContent, readThisBuild);
        string ReadByContent(string path)
        {
            if (!File.Exists(path)) return CompileFingerprintBuilder.Missing;
            try
            {
                return generatedEditorConfigs.Contains(path)
                    ? LocationIndependentHash.OfFile(path, checkoutRoot).ToString()
                    : ContentHash.OfFile(path).ToString();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Unreadable(); }
        }

        var description = Describe(projectDirectory, CompilePathMap);
        var fingerprint = CompileFingerprintBuilder.Build(description, HashOf);
        Fingerprint = fingerprint.HashText;
        // Installed files that change detection or the fingerprint read by content in this build (the framework's
        // reference assemblies, first in each node) are not read again by the check before a store.
        readThisBuild = statCache ?? SharedStatCache.IfLoaded(BuildEngine, SharedStatCache.ResolveFile(StatCacheFile, CacheRoot, projectDirectory, WorkspaceDirectory))?.Cache;

        var stateFile = Path.Combine(stateDirectory, CompileState.FileName);
        var state = CompileState.TryLoad(stateFile, out var stateProblem);
        _previousCompileMs = state?.CompileMs;
        if (stateProblem is not null)
            Report(Diagnostic.Warning(DiagnosticCodes.CompileStateCorrupt,
                $"FlowForge's compile state '{stateFile}' is corrupt ({stateProblem}); this project compiles once and the state is rewritten. Nothing else is needed; a clean build also removes it.",
                stateFile));

        var outputs = CoreCompileOutputs
            .Select(item => FullPath(item, projectDirectory))
            .Where(path => path.Length > 0)
            .Distinct(StatCache.PathComparer)
            .Select(path => new OutputNow(path, FlowForgePaths.Display(path, projectDirectory), FileStatus.Of(path)))
            .ToList();
        // CoreCompile's Inputs: the other inputs, and the five lists Describe already resolved to full paths.
        var inputs = CoreCompileOtherInputs.Select(path => FullPath(path, projectDirectory)).Where(p => p.Length > 0)
            .Concat(description.Files.Where(f => CoreCompileListSections.Contains(f.Section)).Select(f => f.Path))
            .Distinct(StatCache.PathComparer)
            .Select(path => new KeyValuePair<string, FileStatus>(path, inputStatus.TryGetValue(path, out var s) ? s : FileStatus.Of(path)))
            .ToList();
        bool msbuildWouldSkip = CompileGate.MSBuildWouldSkip(inputs.Select(i => i.Value), outputs.Select(o => o.Status), out long newestInput);
        // Everything the quick check of the next build looks at besides the outputs: what this check saw of each file.
        var checkedFiles = inputStatus.Concat(inputs)
            .Concat(QuickCheckInputs.Select(path => FullPath(path, projectDirectory)).Where(p => p.Length > 0)
                .Select(path => new KeyValuePair<string, FileStatus>(path, FileStatus.Of(path))))
            .ToList();

        var verdict = CompileGate.Decide(fingerprint, state, outputs, msbuildWouldSkip, OutputIntact, () => LoadPrevious(stateDirectory));
        var generatedPrefix = GeneratedPrefix(projectDirectory);
        var properties = PropertyMemory.After(verdict.Diff, state, generatedPrefix);
        var section = new ProjectRecord.CompileSection
        {
            Decision = verdict.Decision,
            Reasons = verdict.Reasons.ToList(),
            Fingerprint = fingerprint.HashText,
            PreviousFingerprint = state?.Fingerprint,
            NonDeterministic = nonDeterministic.IsNonDeterministic ? true : null,
        };
        if (nonDeterministic.Reason is { } nonDeterministicReason) section.Reasons.Add(nonDeterministicReason);
        // From here until the outputs agree with the state again, no record may vouch for them.
        if (!verdict.Skip && _quickCheckFile is not null) Core.Changes.QuickCheckRecord.Delete(_quickCheckFile);

        CacheStoreRequest? storeRequest = null;
        if (!verdict.Skip && !cacheSettings.Enabled) _cacheSection = new ProjectRecord.CacheSection { Result = "off" };
        if (!verdict.Skip && cacheSettings.Enabled)
        {
            // Opened only now: a build whose compiles are all skipped never touches the cache.
            var cache = SharedCompileCache.Open(BuildEngine, cacheSettings, out var openProblems);
            foreach (var problem in openProblems) Report(problem);
            ReportBackgroundProblems(cache);
            var attempt = CacheStep(cache, fingerprint, outputs, newestInput, stateDirectory, projectDirectory, checkoutRoot,
                properties, section, nonDeterministic.LocalOnly);
            if (attempt.Restored)
            {
                // Restored, not compiled: no FF1006 (it would claim a recompile that did not happen).
                if (attempt.RestoredOutputs is { } restored) SaveQuickCheckRecord(checkedFiles.Concat(restored));
                Decision = section.Decision;
                Finish(record, recordFile, section, started);
                return;
            }
            storeRequest = attempt.Store;
        }

        if (!verdict.Skip && verdict.Diff is not null && state is not null) WarnAboutVolatileProperties(projectFile, verdict.Diff, state, generatedPrefix, checkoutRoot, section);

        if (!verdict.Skip && ReferenceRewrittenKeepingItsTime(description, inputStatus) is { } rewritten)
        {
            AvoidCompilerServer = true;
            section.Reasons.Add($"{FlowForgePaths.Display(rewritten, projectDirectory)} was rewritten keeping its modification time: " +
                "compiled without the compiler server, which knows references by path and modification time");
        }

        // Make MSBuild's timestamp check agree, touching only files under obj/.
        bool applied = verdict.Action switch
        {
            GateAction.TouchOutputs => TouchOutputs(outputs, newestInput, state!, stateFile, section),
            GateAction.AgeOutput => AgeOutput(outputs, newestInput, section),
            _ => true,
        };
        if (!applied && verdict.Skip)
        {
            section.Decision = ProjectRecord.Decisions.Compiled;
            section.Reasons.Add("outputs could not be made up to date");
        }
        Decision = section.Decision;
        if (verdict.Skip && applied)
            SaveQuickCheckRecord(checkedFiles.Concat(outputs.Select(o => new KeyValuePair<string, FileStatus>(o.FullPath, FileStatus.Of(o.FullPath)))));

        CompileHandoff.For(BuildEngine).PublishGate(stateDirectory, new GateResult(fingerprint, inputStatus, inputHashes, HashByContent,
            checkedFiles, _quickCheckFile, _checkStartedUtc.Ticks, properties, record, recordFile, started, storeRequest));
        Finish(record, recordFile, section, started);
    }

    /// <summary>The first reference or analyzer that the last check recorded and that has since been rewritten or replaced
    /// under the same modification time (see <see cref="AvoidCompilerServer"/>); null when there is none or no record.</summary>
    private string? ReferenceRewrittenKeepingItsTime(CompileDescription description, Dictionary<string, FileStatus> inputStatus)
    {
        if (_previousQuickCheck is null) return null;
        foreach (var file in description.Files)
            if ((file.Section == FingerprintSections.Reference || file.Section == FingerprintSections.Analyzer) &&
                inputStatus.TryGetValue(file.Path, out var status) && _previousQuickCheck.RewrittenKeepingItsTime(file.Path, status))
                return file.Path;
        return null;
    }

    /// <summary>FF1006: a property that takes a new value in build after build while no source changes (see
    /// <see cref="PropertyMemory"/>). Only for a compile that runs: a skip or a restore recompiles nothing.</summary>
    private void WarnAboutVolatileProperties(string projectFile, FingerprintDiff diff, CompileState state, string generatedPrefix,
        string checkoutRoot, ProjectRecord.CompileSection section)
    {
        var volatileProperties = CompileGate.VolatileProperties(diff, state, generatedPrefix);
        if (volatileProperties.Count == 0) return;
        // Where each changing value is computed, when the repository's build files tell (PropertyOrigin).
        var definitions = PropertyOrigin.Definitions.ForProject(projectFile);
        var origins = volatileProperties.Select(c => PropertyOrigin.Find(c.Key, definitions)).ToList();
        for (int i = 0; i < volatileProperties.Count; i++)
        {
            var change = volatileProperties[i];
            section.VolatileProperties.Add(new ProjectRecord.PropertyChange
            {
                Name = change.Key, Previous = change.Previous, Current = change.Current,
                ComputedIn = origins[i] is { } o ? $"{o.Property} ({FlowForgePaths.Display(o.File, checkoutRoot)}, line {o.Line})" : null,
            });
        }
        var list = string.Join(", ", volatileProperties.Select(c => $"{c.Key} ({FingerprintDiff.Show(c.Previous, 60)} → {FingerprintDiff.Show(c.Current, 60)})"));
        var sources = origins.OfType<PropertyOrigin.Origin>().DistinctBy(o => (o.File, o.Line))
            .Select(o => $" The value is computed in {o.Property} ({o.File}, line {o.Line}: {FingerprintDiff.Show(o.Definition, 80)}).");
        Report(Diagnostic.Warning(DiagnosticCodes.VolatileProperty,
            $"{Path.GetFileName(projectFile)} recompiles on every build: {list} took a new value in this build and in the previous one while no source changed." +
            string.Concat(sources) +
            " If the value holds a timestamp or build number, compute it only in CI builds (e.g. Condition=\"'$(CI)' == 'true'\") or keep it constant for local builds.",
            projectFile));
    }

    /// <summary>Leaves the quick-check record for the next build: the outputs in obj/ now agree with the recorded state.</summary>
    private void SaveQuickCheckRecord(IEnumerable<KeyValuePair<string, FileStatus>> files)
    {
        if (_quickCheckFile is null) return;
        try { Core.Changes.QuickCheckRecord.Create(files, _checkStartedUtc.Ticks).Save(_quickCheckFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without a record the next build runs the gate's check: slower, never wrong.
            Log.LogMessage(MessageImportance.Low, "FlowForge: quick-check record not written ({0})", e.Message);
        }
    }

    /// <summary>A compile is needed: the build cache may have its outputs (<see cref="BuildCacheStep"/>). This logs what
    /// the step did: the stored compiler warnings of a hit are replayed as the compile would have logged them.</summary>
    private (bool Restored, CacheStoreRequest? Store, IReadOnlyList<KeyValuePair<string, FileStatus>>? RestoredOutputs) CacheStep(CompileCache cache,
        CompileFingerprint fingerprint, List<OutputNow> outputs, long newestInput,
        string stateDirectory, string projectDirectory, string checkoutRoot, PropertyMemory properties, ProjectRecord.CompileSection section,
        bool localOnly)
    {
        var objDirectory = IntermediateDirectories.Select(d => FullPath(d, projectDirectory)).FirstOrDefault(p => p.Length > 0);
        var compilerOutputs = CompilerOutputs.Select(item => FullPath(item, projectDirectory)).Where(p => p.Length > 0)
            .Distinct(StatCache.PathComparer).ToList();
        string? notCached =
            objDirectory is null ? "no intermediate folder" :
            CustomCompileOutputs.Any(i => !string.IsNullOrWhiteSpace(i.ItemSpec)) ? "CustomAdditionalCompileOutputs are not written by the compiler" :
            compilerOutputs.Count == 0 ? "no compiler outputs" :
            compilerOutputs.FirstOrDefault(p => !UnderIntermediate(p)) is { } outside ? $"output {FlowForgePaths.Display(outside, projectDirectory)} is outside obj/" :
            null;
        if (notCached is not null)
        {
            Log.LogMessage(MessageImportance.Low, "FlowForge cache: this compile is not cached ({0})", notCached);
            return (false, null, null);
        }

        var outcome = BuildCacheStep.Attempt(new BuildCacheStep.Request(cache, fingerprint, outputs.Select(o => o.FullPath).ToList(), newestInput,
            _checkStartedUtc, stateDirectory, projectDirectory, checkoutRoot, properties, objDirectory!, compilerOutputs,
            string.IsNullOrWhiteSpace(CompileErrorLog) ? null : Path.GetFullPath(CompileErrorLog, projectDirectory), localOnly));
        foreach (var problem in outcome.Problems) Report(problem);
        _cacheSection = outcome.Section;
        if (!outcome.Restored)
        {
            Log.LogMessage(MessageImportance.Low, "FlowForge cache: miss ({0} ms)", outcome.Section.CacheMs);
            return (false, outcome.Store, null);
        }

        foreach (var diagnostic in outcome.Replay)
        {
            var w = diagnostic.ForReplay(projectDirectory);
            switch (w.Severity)
            {
                case CompilerDiagnosticSeverity.Error:
                    Log.LogError(null, w.Code, null, w.HelpLink, w.File, w.Line, w.Column, w.EndLine, w.EndColumn, "{0}", w.Message);
                    break;
                case CompilerDiagnosticSeverity.Warning:
                    Log.LogWarning(null, w.Code, null, w.HelpLink, w.File, w.Line, w.Column, w.EndLine, w.EndColumn, "{0}", w.Message);
                    break;
                default:
                    Log.LogMessage(null, w.Code, null, w.File, w.Line, w.Column, w.EndLine, w.EndColumn, MessageImportance.Low, "{0}", w.Message);
                    break;
            }
        }
        if (outcome.StateNotWritten is { } error)
            ReportStateWriteFailure(stateDirectory, Diagnostic.Warning(DiagnosticCodes.GateFilesNotWritten,
                $"FlowForge restored {Path.GetFileName(ProjectFile)} from the build cache but could not update obj/ ({error}); MSBuild decides alone whether to compile it. Check that obj/ is writable and not locked by another process.",
                stateDirectory));

        section.Decision = ProjectRecord.Decisions.Restored;
        section.Reasons = [$"restored from the {outcome.RestoredFrom} cache", .. section.Reasons];
        return (true, null, outcome.StateNotWritten is null ? outcome.RestoredOutputs : null);
    }

    private ProjectRecord.CacheSection? _cacheSection;
    /// <summary>How long the compile that wrote the outputs in obj/ took (the recorded state), for the time a skip saves.</summary>
    private double? _previousCompileMs;

    private string? CacheProperty(string name) => name switch
    {
        "FlowForgeCache" => Cache,
        "FlowForgeCacheRoot" => CacheRoot,
        "FlowForgeCacheSizeLimit" => CacheSizeLimit,
        "FlowForgeCacheReadOnly" => CacheReadOnly,
        "FlowForgeCacheKeyFile" => CacheKeyFile,
        "FlowForgeRemoteCacheUrl" => RemoteCacheUrl,
        "FlowForgeRemoteCacheReadOnly" => RemoteCacheReadOnly,
        "FlowForgeRemoteCacheConnectTimeout" => RemoteCacheConnectTimeout,
        "FlowForgeRemoteCacheReadTimeout" => RemoteCacheReadTimeout,
        "FlowForgeCacheBackgroundStore" => CacheBackgroundStore,
        "FlowForgeCacheDrainTimeout" => CacheDrainTimeout,
        "FlowForgeLargeFileThreshold" => LargeFileThreshold,
        _ => null,
    };

    private string WorkspaceRootOrProject(string projectDirectory)
    {
        if (!string.IsNullOrWhiteSpace(WorkspaceDirectory))
        {
            var workspace = Path.TrimEndingDirectorySeparator(Path.GetFullPath(WorkspaceDirectory));
            if (projectDirectory.StartsWith(workspace + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return workspace;
        }
        return projectDirectory;
    }

    private string? NotGatedReason()
    {
        if (string.Equals(Enabled, "false", StringComparison.OrdinalIgnoreCase)) return "FlowForgeCompileGate=false";
        if (string.Equals(SkipCompilerExecution, "true", StringComparison.OrdinalIgnoreCase)) return "SkipCompilerExecution=true";
        if (!string.IsNullOrEmpty(NonExistentFile)) return "CoreCompile always runs inside Visual Studio (NonExistentFile is set)";
        return null;
    }

    /// <summary>The fingerprint sections of the lists CoreCompile's Inputs share with <see cref="ProjectStateTask"/>.</summary>
    private static readonly HashSet<string> CoreCompileListSections =
    [
        FingerprintSections.Compile, FingerprintSections.Reference, FingerprintSections.Analyzer,
        FingerprintSections.AdditionalFile, FingerprintSections.EditorConfig,
    ];

    private CompileDescription Describe(string projectDirectory, string? pathMap)
    {
        var files = new List<FingerprintFile>(Compile.Length + References.Length + Analyzers.Length + 32);
        void AddPaths(string[] paths, string section)
        {
            foreach (var item in paths)
                if (FullPath(item, projectDirectory) is { Length: > 0 } path) files.Add(new FingerprintFile(section, path, []));
        }
        void Add(ITaskItem[] items, string section, params string[] metadata)
        {
            foreach (var item in items)
            {
                var path = FullPath(item, projectDirectory);
                if (path.Length == 0) continue;
                var values = metadata.Length == 0 ? [] : metadata.Select(m => new KeyValuePair<string, string>(m, item.GetMetadata(m))).ToArray();
                files.Add(new FingerprintFile(section, path, values));
            }
        }
        AddPaths(Compile, FingerprintSections.Compile);
        // Every reference carries the two metadata Csc reads, empty unless ReferenceMetadata names the reference.
        var referenceMetadata = new Dictionary<string, ITaskItem>(StatCache.PathComparer);
        foreach (var item in ReferenceMetadata)
            if (FullPath(item, projectDirectory) is { Length: > 0 } path) referenceMetadata.TryAdd(path, item);
        foreach (var reference in References)
        {
            var path = FullPath(reference, projectDirectory);
            if (path.Length == 0) continue;
            referenceMetadata.TryGetValue(path, out var item);
            files.Add(new FingerprintFile(FingerprintSections.Reference, path,
                [new("Aliases", item?.GetMetadata("Aliases") ?? ""), new("EmbedInteropTypes", item?.GetMetadata("EmbedInteropTypes") ?? "")]));
        }
        AddPaths(Analyzers, FingerprintSections.Analyzer);
        AddPaths(AdditionalFiles, FingerprintSections.AdditionalFile);
        AddPaths(EditorConfigFiles, FingerprintSections.EditorConfig);
        Add(Resources, FingerprintSections.Resource, "LogicalName", "ManifestResourceName", "Access", "WithCulture");
        Add(LinkResources, FingerprintSections.LinkResource, "LogicalName", "Access");
        Add(EmbeddedFiles, FingerprintSections.EmbeddedFile);
        Add(AddModules, FingerprintSections.Module);
        Add(SingleFiles, FingerprintSections.File, "Property");
        Add(ExtraInputs, FingerprintSections.ExtraInput);

        return new CompileDescription
        {
            ProjectDirectory = projectDirectory,
            Roots = NamedValues.Parse(PathRoots).Select(r => new KeyValuePair<string, string>(r.Name, r.Value)).ToList(),
            SdkVersion = SdkVersion,
            CompilerFiles = CompilerFiles.Select(f => FullPath(f, projectDirectory)).Where(p => p.Length > 0).ToList(),
            Options = NamedValues.Parse(Options).Select(o => (o.Name, o.Value,
                Enum.TryParse<OptionKind>(o.Kind, ignoreCase: true, out var kind) ? kind : OptionKind.Value)).ToList(),
            Outputs = NamedValues.Parse(OutputPaths).Select(o => (o.Name, o.Value)).ToList(),
            Files = files,
            Context = NamedValues.Parse(Context).Select(c => (c.Name, c.Value)).ToList(),
            PathMap = pathMap,
        };
    }

    /// <summary>
    /// The output is the very file recorded: the previous quick-check record vouches for its whole identity (size, mtime,
    /// ctime, inode, device), or its content still hashes the same. Length and mtime alone prove nothing: a file put in
    /// its place with both kept would pass.
    /// </summary>
    private bool OutputIntact(OutputNow output, OutputFileState known)
    {
        if (output.Status.Length != known.Length) return false;
        if (_trustStatData && output.Status.LastWriteTicksUtc == known.LastWriteTicksUtc &&
            _previousQuickCheck?.Vouches(output.FullPath, output.Status) == true) return true;
        try { return ContentHash.OfFile(output.FullPath).ToString() == known.Hash; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private CompileFingerprint? LoadPrevious(string stateDirectory)
    {
        var file = Path.Combine(stateDirectory, CompileState.FingerprintFileName);
        var previous = CompileFingerprint.TryLoad(file, out var problem);
        if (problem is not null)
            Report(Diagnostic.Warning(DiagnosticCodes.CompileStateCorrupt,
                $"FlowForge's recorded fingerprint '{file}' is corrupt ({problem}); this compile cannot be explained in detail and the file is rewritten. Nothing else is needed.",
                file));
        return previous;
    }

    /// <summary>Skip: every output gets an mtime past the newest input; then the recorded state notes the new times.</summary>
    private bool TouchOutputs(List<OutputNow> outputs, long newestInput, CompileState state, string stateFile, ProjectRecord.CompileSection section)
    {
        if (outputs.FirstOrDefault(o => !UnderIntermediate(o.FullPath)) is { FullPath: not null } outside)
        {
            section.Reasons.Add($"output {outside.RelativePath} is outside obj/ and is not touched");
            return false;
        }
        if (OutputTimes.TryTouch(outputs, newestInput, _checkStartedUtc, state, stateFile) is not { } error) return true;
        Report(Diagnostic.Warning(DiagnosticCodes.GateFilesNotWritten,
            $"FlowForge could not update the timestamps of the outputs in obj/ ({error}); MSBuild decides alone whether to compile this project. Check that obj/ is writable and not locked by another process.",
            stateFile));
        return false;
    }

    /// <summary>Compile although the timestamps say up to date: one output in obj/ gets an mtime before the newest input.</summary>
    private bool AgeOutput(List<OutputNow> outputs, long newestInput, ProjectRecord.CompileSection section)
    {
        var candidates = outputs.Where(o => UnderIntermediate(o.FullPath)).ToList();
        if (OutputTimes.ChooseOutputToAge(candidates) is not { } target)
        {
            Report(Diagnostic.Warning(DiagnosticCodes.GateFilesNotWritten,
                $"FlowForge must recompile {Path.GetFileName(ProjectFile)} ({string.Join("; ", section.Reasons)}) but none of its compile outputs is under obj/, so it cannot make MSBuild run CoreCompile; rebuild the project (--no-incremental) to be sure its outputs are current.",
                ProjectFile));
            return false;
        }
        if (OutputTimes.TryAge(target, newestInput) is not { } error) return true;
        Report(Diagnostic.Warning(DiagnosticCodes.GateFilesNotWritten,
            $"FlowForge could not age '{target.FullPath}' to force a compile ({error}); the outputs may be stale: rebuild the project (--no-incremental). Check that obj/ is writable.",
            target.FullPath));
        return false;
    }

    private bool UnderIntermediate(string path)
    {
        foreach (var directory in IntermediateFolders())
            if (path.StartsWith(directory, StatCache.PathComparison)) return true;
        return false;
    }

    private List<string>? _intermediateFolders;

    /// <summary>The obj/ folders as full paths ending in a separator, resolved once per task.</summary>
    private List<string> IntermediateFolders()
    {
        if (_intermediateFolders is not null) return _intermediateFolders;
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        return _intermediateFolders = IntermediateDirectories
            .Select(d => FullPath(d, projectDirectory))
            .Where(full => full.Length > 0)
            .Select(full => Path.TrimEndingDirectorySeparator(full) + Path.DirectorySeparatorChar)
            .ToList();
    }

    /// <summary>The canonical prefix of generated inputs (the intermediate folder, e.g. "obj/").</summary>
    private string GeneratedPrefix(string projectDirectory)
    {
        var first = IntermediateDirectories.FirstOrDefault();
        if (first is null) return "obj/";
        var canonical = new PathCanonicalizer(projectDirectory).Canonicalize(FullPath(first, projectDirectory));
        return canonical.EndsWith('/') ? canonical : canonical + "/";
    }

    private void Finish(ProjectRecord record, string recordFile, ProjectRecord.CompileSection section, long started)
    {
        section.GateMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
        record.Compile = section;
        if (_cacheSection is not null) record.Cache = _cacheSection;
        Log.LogMessage(MessageImportance.Normal, "FlowForge compile: {0} ({1})", section.Decision, string.Join("; ", section.Reasons));
        RecordLog.Write(Log, record);
        // For the summary logger's "time saved": the compile a skip or a restore avoided, as long as it last took.
        var savedMs = section.Decision == ProjectRecord.Decisions.Restored ? _cacheSection?.CompileMsSaved
            : section.Decision == ProjectRecord.Decisions.Skipped ? _previousCompileMs : null;
        if (savedMs > 0)
            Log.LogMessage(MessageImportance.Low, FlowForge.Build.Logging.FlowForgeSummaryLogger.SavedPrefix + "{0} ms", Math.Round(savedMs.Value).ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(recordFile)!);
            record.Save(recordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportStateWriteFailure(Path.GetDirectoryName(recordFile)!, Diagnostic.Warning(DiagnosticCodes.StateNotWritten,
                $"FlowForge could not write its record '{recordFile}' ({e.Message}); the build goes on. Check that the obj/ folder exists and is writable.",
                recordFile));
        }
    }

    // An unreadable input can never match a recorded fingerprint: its marker is new every time.
    private static string Unreadable() => "unreadable-" + Guid.NewGuid().ToString("N");

    protected override void OnInternalError()
    {
        Decision = ProjectRecord.Decisions.NotGated;
        InputsChanged = true;
        ChangedFiles = [];
    }
}
