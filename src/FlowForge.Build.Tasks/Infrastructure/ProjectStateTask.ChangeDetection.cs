using System.Diagnostics;
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

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// Change detection, the first step of every project build's FlowForge work: hashes the compile inputs through the
/// shared stat cache, compares them with the previous build's manifest, logs one line and starts the project's record.
/// It runs inside the compile gate's task (one task call a project instead of two: MSBuild binds and logs the input
/// lists once), which adds the compile section and writes the record.
/// </summary>
public abstract partial class ProjectStateTask
{
    public const string ManifestFileName = "inputs.manifest";

    /// <param name="projectFile">The full path of <see cref="ProjectFile"/>.</param>
    /// <param name="stateDirectory">The full path of <see cref="StateDirectory"/>.</param>
    /// <param name="trustStatData">False (FlowForgeQuickCheck=false): every input is hashed by content.</param>
    private protected ChangeDetectionResult DetectChanges(string projectFile, string stateDirectory, string? largeFileThreshold, bool trustStatData = true)
    {
        var stopwatch = Stopwatch.StartNew();
        var projectDirectory = Path.GetDirectoryName(projectFile)!;
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

        var manifestFile = Path.Combine(stateDirectory, ManifestFileName);
        var previous = InputManifest.TryLoad(manifestFile, out var manifestProblem);
        if (manifestProblem is not null)
            Report(Diagnostic.Warning(DiagnosticCodes.ManifestCorrupt,
                $"FlowForge's input manifest '{manifestFile}' is corrupt ({manifestProblem}); this build is treated as the first one. Nothing else is needed; a clean build also removes it.",
                manifestFile));

        var report = ChangeDetector.Detect(inputs, previous, LoadStatCache, trustStatData);
        foreach (var diagnostic in report.Diagnostics) Report(diagnostic);

        var members = TrackLargeInputs(report, previous, stateDirectory, largeFileThreshold);
        var summary = report.Summarize(path => FlowForgePaths.Display(path, projectDirectory) +
            (members.TryGetValue(path, out var memberChanges) && memberChanges.HasChanges ? $" ({MemberChangeTracker.Describe(memberChanges)})" : ""));
        var changedFiles = report.Changes.Select(c =>
        {
            var item = new TaskItem(c.Path);
            item.SetMetadata("Change", c.Change.ToString());
            item.SetMetadata("InputKind", c.Kind.ToString());
            return (ITaskItem)item;
        }).ToArray();
        Log.LogMessage(MessageImportance.Normal, "FlowForge: {0}", summary);

        var record = new ProjectRecord
        {
            Project = projectFile,
            TargetFramework = NullIfEmpty(TargetFramework),
            Configuration = NullIfEmpty(Configuration),
            BuiltAtUtc = DateTimeOffset.UtcNow,
            Summary = summary,
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
            Diagnostics = report.Diagnostics.Select(d => d.Code).ToList(),
        };
        try
        {
            Directory.CreateDirectory(stateDirectory);
            if (previous is null || !report.Current.SameAs(previous)) report.Current.Save(manifestFile);
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

        return new ChangeDetectionResult(report.Current, record, Path.Combine(stateDirectory, ProjectRecord.FileName),
            changedFiles, report.ContentChanged, summary);
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
    private Dictionary<string, ChunkChanges> TrackLargeInputs(ChangeReport report, InputManifest? previous, string stateDirectory, string? largeFileThreshold)
    {
        var result = new Dictionary<string, ChunkChanges>(StatCache.PathComparer);
        long threshold = 1L << 20;
        if (!string.IsNullOrWhiteSpace(largeFileThreshold) && !ConfigValues.TryParseSize(largeFileThreshold, out threshold))
        {
            Report(Diagnostic.Warning(ChunkingDiagnosticCodes.InvalidLargeFileThreshold,
                $"FlowForgeLargeFileThreshold '{largeFileThreshold}' is not a size; use bytes or a unit such as 1MiB. Per-member change reports are off for this project."));
            return result;
        }
        if (threshold <= 0) return result;
        var tracker = new MemberChangeTracker(Path.Combine(stateDirectory, "members"));
        var problems = new List<Diagnostic>();
        if (!report.HadPreviousBuild)
        {
            foreach (var entry in report.Current.Entries)
                if (entry.Length >= threshold && !entry.Hash.IsZero && HasMembers((InputKind)entry.Kind)) tracker.Remember(entry.Path, entry.Hash, problems);
        }
        else
        {
            var current = report.Current.Entries.ToDictionary(e => e.Path, StatCache.PathComparer);
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

/// <summary>What change detection learnt about this compile's inputs (the task's outputs), and the record to complete.</summary>
internal sealed record ChangeDetectionResult(InputManifest Manifest, ProjectRecord Record, string RecordFile,
    ITaskItem[] ChangedFiles, bool InputsChanged, string Summary);
