using System.Collections;
using FlowForge.Core.ProjectSkip;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// The parameters project skip reads from a project (FlowForge.Build.ProjectSkip.targets passes the same ones to the
/// decision and to the recording step) and their translation into <see cref="ProjectSkipInputs"/>: MSBuild items to
/// plain values, nothing decided here.
/// </summary>
public abstract class ProjectSkipTask : ProjectScopedTask
{

    /// <summary>$(MSBuildAllProjects): added to the imports MSBuild lists (<see cref="AllImports"/>); on its own it names
    /// only the most recently modified import, never the whole list.</summary>
    public string[] Imports { get; set; } = [];
    /// <summary>Single files read by targets: the assets file, flowforge.toml, key file, icon, manifest, runtimeconfig
    /// template, FlowForge's task assembly. Missing ones are inputs too (their appearing changes the fingerprint).</summary>
    public string[] InputFiles { get; set; } = [];
    /// <summary>Items whose files and metadata the build reads: ItemType metadata names the list
    /// (Compile, EmbeddedResource, Content, None, AdditionalFiles, Analyzer, EditorConfigFiles, Reference).</summary>
    public ITaskItem[] Items { get; set; } = [];
    /// <summary>@(_ResolvedProjectReferencePaths): the referenced projects' outputs as this build received them.</summary>
    public ITaskItem[] ProjectReferenceOutputs { get; set; } = [];
    /// <summary>The referenced projects (full paths) and the decisions they returned (Identity = project, Fingerprint, Reason).</summary>
    public string[] ProjectReferences { get; set; } = [];
    public ITaskItem[] ReferenceDecisions { get; set; } = [];
    /// <summary>Folders every file of which is an input (the project folder) and those excluded from them (bin/, obj/).</summary>
    public string[] ConeDirectories { get; set; } = [];
    public string[] ExcludedDirectories { get; set; } = [];
    /// <summary>The build's output folders: $(OutDir) and $(IntermediateOutputPath).</summary>
    public string[] OutputDirectories { get; set; } = [];
    /// <summary>Named values (<c>Name=Value</c>): SDK version, MSBuild version, ...</summary>
    public string[] Values { get; set; } = [];

    // Set by each build (the dotnet CLI, a terminal) and read by nothing that builds: left out of the fingerprint.
    private static readonly HashSet<string> VolatileEnvironment = new(StringComparer.OrdinalIgnoreCase)
    {
        "_", "PWD", "OLDPWD", "SHLVL", "TERM_SESSION_ID", "WT_SESSION", "DOTNET_CLI_TELEMETRY_SESSIONID", "MSBUILDNODEHANDSHAKESALT",
        // Set by the CLI while it restores; what restore made is in the assets file.
        "DOTNET_NUGET_SIGNATURE_VERIFICATION",
        // Set by MSBuild itself when a build writes a binlog (-bl): they change what is logged, never what is built, and
        // a build with -bl after one without (or the reverse) must not build every project again.
        "MSBUILDBINARYLOGGERENABLED", "MSBUILDLOGIMPORTS", "MSBUILDTARGETOUTPUTLOGGING",
    };

    private protected string ProjectDirectory => Path.GetDirectoryName(Path.GetFullPath(ProjectFile)) ?? "";
    private protected string StateFile => Path.Combine(StateDirectory, ProjectSkipState.FileName);
    private protected string RecordFile => Path.Combine(StateDirectory, ProjectRecord.FileName);

    private IReadOnlyList<string>? _allImports;
    private bool _importsRead;

    /// <summary>The project file and every file its evaluation imported (<see cref="ProjectImports"/>), plus whatever
    /// $(MSBuildAllProjects) names; null when MSBuild did not give the import list (project skip then stands aside).</summary>
    private protected IReadOnlyList<string>? AllImports
    {
        get
        {
            if (_importsRead) return _allImports;
            _importsRead = true;
            if (ProjectImports.Of(BuildEngine) is not { } imported) return null;
            _allImports = imported.Prepend(ProjectFile).Concat(Imports)
                .Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => FullPath(p, ProjectDirectory))
                .Distinct(Core.Hashing.StatCache.PathComparer).ToList();
            return _allImports;
        }
    }

    private protected ProjectSkipInputs BuildInputs()
    {
        var directory = ProjectDirectory;
        var files = new List<SkipInputFile>();
        foreach (var import in AllImports ?? Imports) AddFile(files, "Import", import, directory);
        foreach (var file in InputFiles) AddFile(files, "File", file, directory);

        var lists = new List<SkipItemList>();
        foreach (var group in Items.GroupBy(i => i.GetMetadata("ItemType"), StringComparer.Ordinal))
        {
            var described = new List<string>();
            foreach (var item in group)
            {
                described.Add(DescribeItem(item));
                // Assembly references name their file in HintPath; other items by their identity.
                if (item.GetMetadata("NotAFile") == "true") continue;
                AddFile(files, group.Key, group.Key == "Reference" ? item.GetMetadata("HintPath") : item.ItemSpec, directory);
            }
            lists.Add(new SkipItemList(group.Key, described));
        }
        var referenceOutputs = new List<string>();
        foreach (var output in ProjectReferenceOutputs)
        {
            referenceOutputs.Add(DescribeItem(output));
            AddFile(files, "ProjectReferenceOutput", output.ItemSpec, directory);
            AddFile(files, "ProjectReferenceOutput", output.GetMetadata("ReferenceAssembly"), directory);
        }
        lists.Add(new SkipItemList("ProjectReferenceOutputs", referenceOutputs));

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in NamedValues.Parse(Values)) values["property " + entry.Name] = entry.Value;
        if (BuildEngine is IBuildEngine6 engine6)
            foreach (var (name, value) in engine6.GetGlobalProperties()) values["global property " + name] = value;
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (!VolatileEnvironment.Contains(name)) values["environment variable " + name] = variable.Value as string ?? "";
        }

        var searchDirectories = Items.Where(i => i.GetMetadata("ItemType") == "Compile")
            .Select(i => Path.GetDirectoryName(FullPath(i.ItemSpec, directory)) ?? "")
            .Where(d => d.Length > 0).Prepend(directory).Distinct(StringComparer.Ordinal).ToList();

        return new ProjectSkipInputs
        {
            ProjectFile = Path.GetFullPath(ProjectFile),
            Files = files,
            ItemLists = lists,
            ConeDirectories = ConeDirectories.Select(d => FullPath(d, directory)).Where(d => d.Length > 0).ToList(),
            ExcludedDirectories = ExcludedDirectories.Select(d => FullPath(d, directory)).Where(d => d.Length > 0).ToList(),
            AnalyzerConfigSearchDirectories = searchDirectories,
            Values = values,
            References = ReadReferences(),
        };
    }

    private List<SkipReference> ReadReferences()
    {
        var decisions = new Dictionary<string, ITaskItem>(Core.Hashing.StatCache.PathComparer);
        foreach (var decision in ReferenceDecisions) decisions[Path.GetFullPath(decision.ItemSpec)] = decision;
        var result = new List<SkipReference>();
        foreach (var reference in ProjectReferences.Select(r => FullPath(r, ProjectDirectory)).Where(r => r.Length > 0).Distinct(Core.Hashing.StatCache.PathComparer))
        {
            if (!decisions.TryGetValue(reference, out var decision))
                result.Add(new SkipReference(reference, null, "returned no project-skip decision (FlowForge not referenced, or project skip off or not run there)"));
            else if (decision.GetMetadata("Fingerprint") is { Length: > 0 } fingerprint)
                result.Add(new SkipReference(reference, fingerprint, null));
            else
                result.Add(new SkipReference(reference, null, decision.GetMetadata("Reason")));
        }
        return result;
    }

    /// <summary>The output folders' files, the state folder excluded (FlowForge's own files change in every build).</summary>
    private protected IEnumerable<string> OutputFolders => OutputDirectories.Select(d => FullPath(d, ProjectDirectory)).Where(d => d.Length > 0);
    private protected IEnumerable<string> OutputExclusions => [FullPath(StateDirectory, ProjectDirectory)];

    private static string DescribeItem(ITaskItem item)
    {
        var metadata = item.CloneCustomMetadata();
        var names = metadata.Keys.Cast<string>().Order(StringComparer.Ordinal);
        return item.ItemSpec + "|" + string.Join("|", names.Select(n => n + "=" + metadata[n]));
    }

    private static void AddFile(List<SkipInputFile> files, string kind, string path, string directory)
    {
        var full = FullPath(path, directory);
        if (full.Length > 0) files.Add(new SkipInputFile(kind, full));
    }

    private static string FullPath(string path, string directory)
    {
        if (string.IsNullOrWhiteSpace(path)) return "";
        try { return Path.GetFullPath(path.Trim(), directory); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return ""; }
    }

    /// <summary>Writes the project-skip section into the project's record; creates the record when the compile gate did
    /// not write one in this build (a skip: the gate never ran). Logs the record as data for the binlog
    /// (<see cref="RecordLog"/>): the whole record when this build wrote it (on or after <paramref name="thisBuildSinceTicks"/>,
    /// when the decision began), else only the project-skip section, because a record an earlier build left (the compile
    /// gate's quick check writes none) would tell that build's compile decision as this one's.</summary>
    private protected void WriteRecordSection(ProjectRecord.ProjectSkipSection section, bool freshRecord, string summary, long? thisBuildSinceTicks = null)
    {
        ProjectRecord NewRecord() => new()
        {
            Project = Path.GetFullPath(ProjectFile), TargetFramework = TargetFramework, Configuration = Configuration,
            BuiltAtUtc = DateTimeOffset.UtcNow, Summary = summary, ProjectSkip = section,
        };
        if (!freshRecord && CompileHandoff.For(BuildEngine).RecordOf(StateDirectory) is { } written)
        {
            // The after-compile step wrote the record in this build, and its background store may save it again: add
            // the section to that same object (see CompileHandoff.PublishRecord).
            lock (written.Record)
            {
                written.Record.ProjectSkip = section;
                RecordLog.Write(Log, written.Record);
                WriteStateFile(written.File, written.Record.Save, "its record ", "the build goes on.");
            }
            return;
        }
        var record = freshRecord ? null : ProjectRecord.TryLoad(RecordFile, out _);
        var writtenThisBuild = record is not null && thisBuildSinceTicks is { } since && record.BuiltAtUtc.UtcTicks >= since;
        record ??= NewRecord();
        record.ProjectSkip = section;
        RecordLog.Write(Log, freshRecord || writtenThisBuild ? record : NewRecord());
        WriteStateFile(RecordFile, record.Save, "its record ", "the build goes on.");
    }

    /// <summary>
    /// Writes one of the project's files under the state folder. A failure never fails the build: it is one
    /// StateNotWritten warning per folder saying what it costs (<paramref name="consequence"/>).
    /// </summary>
    private protected void WriteStateFile(string file, Action<string> save, string what, string consequence)
    {
        try
        {
            Directory.CreateDirectory(StateDirectory);
            save(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportStateWriteFailure(StateDirectory, Core.Diagnostics.Diagnostic.Warning(Core.Diagnostics.DiagnosticCodes.StateNotWritten,
                $"FlowForge could not write {what}'{file}' ({e.Message}); {consequence} Check that obj/ is writable.", file));
        }
    }

    /// <summary>The shared stat cache of this project's workspace (see <see cref="SharedStatCache"/>).</summary>
    private protected Core.Hashing.StatCache StatCache()
    {
        var file = SharedStatCache.ResolveFile(StatCacheFile, CacheRoot, ProjectDirectory, WorkspaceDirectory);
        return SharedStatCache.For(BuildEngine, file, out _).Cache;
    }
}
