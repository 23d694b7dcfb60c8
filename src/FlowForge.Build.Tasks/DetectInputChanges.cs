using System.Diagnostics;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Chunking;
using FlowForge.Chunking.Changes;
using FlowForge.Config;
using FlowForge.Core.Changes;
using FlowForge.Core.Configuration;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Runs before CoreCompile: hashes the compile inputs through the shared stat cache, compares them
/// with the previous build's manifest, exposes @(FlowForgeChangedFile)/$(FlowForgeInputsChanged),
/// logs one line and writes the project's record.
/// </summary>
public sealed class DetectInputChanges : ProjectStateTask
{
    /// <summary>FlowForgeLargeFileThreshold: inputs at least this large get per-member change reports ("1MiB", bytes; 0 = off).</summary>
    public string? LargeFileThreshold { get; set; }

    [Output] public ITaskItem[] ChangedFiles { get; private set; } = [];
    [Output] public bool InputsChanged { get; private set; } = true;
    [Output] public string Summary { get; private set; } = "";

    public const string ManifestFileName = "inputs.manifest";

    protected override void ExecuteCore()
    {
        var stopwatch = Stopwatch.StartNew();
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var inputs = CollectInputs(projectDirectory);

        // The shared stat cache is loaded only if the project's own manifest cannot vouch for every input.
        SharedStatCache? shared = null;
        int hashedBefore = 0;
        long bytesBefore = 0;
        StatCache LoadStatCache()
        {
            if (shared is not null) return shared.Cache;
            shared = LoadSharedStatCache(projectDirectory);
            hashedBefore = shared.Cache.FilesHashed;
            bytesBefore = shared.Cache.BytesHashed;
            return shared.Cache;
        }

        var stateDirectory = Path.GetFullPath(StateDirectory);
        var manifestFile = Path.Combine(stateDirectory, ManifestFileName);
        var previous = InputManifest.TryLoad(manifestFile, out var manifestProblem);
        if (manifestProblem is not null)
            Report(Diagnostic.Warning(DiagnosticCodes.ManifestCorrupt,
                $"FlowForge's input manifest '{manifestFile}' is corrupt ({manifestProblem}); this build is treated as the first one. Nothing else is needed; a clean build also removes it.",
                manifestFile));

        var report = ChangeDetector.Detect(inputs, previous, LoadStatCache);
        foreach (var diagnostic in report.Diagnostics) Report(diagnostic);

        var members = TrackLargeInputs(report, previous, stateDirectory);
        Summary = report.Summarize(path => FlowForgePaths.Display(path, projectDirectory) +
            (members.TryGetValue(path, out var memberChanges) && memberChanges.HasChanges ? $" ({MemberChangeTracker.Describe(memberChanges)})" : ""));
        InputsChanged = report.ContentChanged;
        ChangedFiles = report.Changes.Select(c =>
        {
            var item = new TaskItem(c.Path);
            item.SetMetadata("Change", c.Change.ToString());
            item.SetMetadata("InputKind", c.Kind.ToString());
            return (ITaskItem)item;
        }).ToArray();
        Log.LogMessage(MessageImportance.Normal, "FlowForge: {0}", Summary);

        var warnings = report.Diagnostics.Select(d => d.Code).ToList();
        try
        {
            Directory.CreateDirectory(stateDirectory);
            if (previous is null || !report.Current.SameAs(previous)) report.Current.Save(manifestFile);
            var record = new ProjectRecord
            {
                Project = Path.GetFullPath(ProjectFile),
                TargetFramework = NullIfEmpty(TargetFramework),
                Configuration = NullIfEmpty(Configuration),
                BuiltAtUtc = DateTimeOffset.UtcNow,
                Summary = Summary,
                Inputs = new ProjectRecord.InputsSection
                {
                    Count = report.InputCount,
                    FirstBuild = !report.HadPreviousBuild,
                    TimestampOnly = report.TimestampOnlyChanges,
                    Changed = report.Changes.Select(c => new ProjectRecord.ChangedInput
                    {
                        Path = FlowForgePaths.Display(c.Path, projectDirectory),
                        Kind = c.Kind.ToString(),
                        Change = c.Change.ToString(),
                        ChangedMembers = members.TryGetValue(c.Path, out var m) && m.HasChanges ? MemberChangeTracker.MemberNames(m) : null,
                    }).ToList(),
                },
                Timings = new ProjectRecord.TimingsSection
                {
                    ChangeDetectionMs = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 3),
                    FilesHashed = shared is null ? 0 : shared.Cache.FilesHashed - hashedBefore,
                    BytesHashed = shared is null ? 0 : shared.Cache.BytesHashed - bytesBefore,
                },
                Diagnostics = warnings,
            };
            var recordFile = Path.Combine(stateDirectory, ProjectRecord.FileName);
            // The compile gate reuses these hashes (nothing is hashed twice), completes this record and writes it: one
            // write per project build. Without a build engine that shares objects (tests, old hosts) there is no gate
            // to hand over to and nobody to write it at the end of the build: write it now.
            if (BuildEngine is IBuildEngine4)
                CompileHandoff.For(BuildEngine).PublishChanges(stateDirectory, new ChangeDetectionResult(report.Current, record, recordFile));
            else
                record.Save(recordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportStateWriteFailure(stateDirectory, Diagnostic.Warning(DiagnosticCodes.StateNotWritten,
                $"FlowForge could not write its state under '{stateDirectory}' ({e.Message}); change detection starts over next build. Check that the obj/ folder exists and is writable.",
                stateDirectory));
        }

        // Without a build engine that shares objects (tests, old hosts) nobody disposes the cache: save now.
        if (BuildEngine is not IBuildEngine4 && shared?.TrySave() is { } saveProblem)
            Report(Diagnostic.Warning(DiagnosticCodes.StatCacheNotSaved,
                $"FlowForge could not save its stat cache '{shared!.File}' ({saveProblem}); the next build hashes more. Check that the cache folder is writable.",
                shared.File));
    }

    protected override void OnInternalError()
    {
        InputsChanged = true;
        ChangedFiles = [];
    }

    private List<InputFile> CollectInputs(string projectDirectory)
    {
        var inputs = new List<InputFile>(Compile.Length + References.Length + Analyzers.Length + 16);
        void Add(string[] paths, InputKind kind)
        {
            foreach (var path in paths)
                if (FullPath(path, projectDirectory) is { Length: > 0 } full) inputs.Add(new InputFile(full, kind));
        }
        Add(Compile, InputKind.Compile);
        Add(References, InputKind.Reference);
        Add(Analyzers, InputKind.Analyzer);
        Add(AdditionalFiles, InputKind.AdditionalFile);
        Add(EditorConfigFiles, InputKind.EditorConfig);
        Add(Resources.Select(r => r.ItemSpec).ToArray(), InputKind.Resource);
        return inputs;
    }

    /// <summary>
    /// Member names for large inputs whose content changed (chunking runs only for those, so a no-op build costs
    /// nothing extra); on a first build, remembers the member lists of large inputs as the baseline.
    /// </summary>
    private Dictionary<string, ChunkChanges> TrackLargeInputs(ChangeReport report, InputManifest? previous, string stateDirectory)
    {
        var result = new Dictionary<string, ChunkChanges>(StatCache.PathComparer);
        long threshold = 1L << 20;
        if (!string.IsNullOrWhiteSpace(LargeFileThreshold) && !ConfigValues.TryParseSize(LargeFileThreshold, out threshold))
        {
            Report(Diagnostic.Warning(ChunkingDiagnosticCodes.InvalidLargeFileThreshold,
                $"FlowForgeLargeFileThreshold '{LargeFileThreshold}' is not a size; use bytes or a unit such as 1MiB. Per-member change reports are off for this project."));
            return result;
        }
        if (threshold <= 0) return result;
        var tracker = new MemberChangeTracker(Path.Combine(stateDirectory, "members"));
        var problems = new List<Diagnostic>();
        var current = report.Current.Entries.ToDictionary(e => e.Path, StatCache.PathComparer);
        if (!report.HadPreviousBuild)
        {
            foreach (var entry in report.Current.Entries)
                if (entry.Length >= threshold && !entry.Hash.IsZero && HasMembers((InputKind)entry.Kind)) tracker.Remember(entry.Path, entry.Hash, problems);
        }
        else
        {
            var before = previous!.Entries.ToDictionary(e => e.Path, StatCache.PathComparer);
            foreach (var change in report.Changes)
            {
                if (change.Change == ChangeKind.Removed) { tracker.Forget(change.Path); continue; }
                if (!current.TryGetValue(change.Path, out var now) || now.Length < threshold || now.Hash.IsZero || !HasMembers(change.Kind)) continue;
                ContentHash? previousHash = before.TryGetValue(change.Path, out var old) && !old.Hash.IsZero ? old.Hash : null;
                if (tracker.Track(change.Path, previousHash, now.Hash, problems) is { } changes) result[change.Path] = changes;
            }
        }
        foreach (var problem in problems) Report(problem);
        return result;
    }

    /// <summary>References and analyzers are assemblies: no members a chunker could name, and often large, so never read.</summary>
    private static bool HasMembers(InputKind kind) => kind is not (InputKind.Reference or InputKind.Analyzer);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
