using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Config;
using FlowForge.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Finds and reads flowforge.toml for a project (parsed once per build per node, keyed by path, length and
/// mtime) and returns the effective value of every catalogue key. The target sets each FlowForge* property
/// from <see cref="Values"/> only when the project left it empty, so MSBuild properties win over the file.
/// With <see cref="ReportDiagnostics"/> it logs the file's diagnostics with file(line,col) and code (errors fail
/// the task), once per file per node; FlowForge.Build.Config.targets reports through one shared project call so
/// that a build shows them once, not once per project.
/// </summary>
public sealed class ReadFlowForgeConfig : FlowForgeTask
{
    /// <summary>Where the search for flowforge.toml starts (walking up to the repository root).</summary>
    [Required] public string ProjectDirectory { get; set; } = "";

    /// <summary>A specific file to read instead of searching (FlowForgeConfigFile).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The catalogue's MSBuild properties with their current values (metadata Value); set ones are kept.</summary>
    public ITaskItem[] Properties { get; set; } = [];

    /// <summary>Log the file's diagnostics (default true).</summary>
    public bool ReportDiagnostics { get; set; } = true;

    /// <summary>One item per catalogue key: Identity = MSBuild property, metadata Value, Key, Source.</summary>
    [Output] public ITaskItem[] Values { get; private set; } = [];

    /// <summary>The file that was read, or empty.</summary>
    [Output] public string ConfigFilePath { get; private set; } = "";

    /// <summary>Names of this project's global properties, ';'-separated (so a shared call can remove them all).</summary>
    [Output] public string GlobalPropertyNames { get; private set; } = "";

    protected override void ExecuteCore()
    {
        // The first FlowForge task of every project: a fresh MSBuild node starts compiling the gate's code now.
        Core.Runtime.Warmup.StartOnce();
        if (BuildEngine is IBuildEngine6 engine6)
            GlobalPropertyNames = string.Join(";", engine6.GetGlobalProperties().Keys);

        var path = string.IsNullOrWhiteSpace(ConfigFile)
            ? Config.ConfigFile.Find(ProjectDirectory)
            : Path.GetFullPath(Path.Combine(ProjectDirectory, ConfigFile));
        SharedConfigFile? shared = null;
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                // Only an explicit FlowForgeConfigFile can name a missing file.
                Report(Diagnostic.Error(ConfigDiagnosticCodes.FileUnreadable,
                    $"FlowForgeConfigFile names '{path}', which does not exist. Fix the property or remove it to search for {ConfigCatalog.FileName}."));
                return;
            }
            shared = SharedConfigFile.For(BuildEngine, path);
            ConfigFilePath = path;
        }

        var properties = Properties.ToDictionary(p => p.ItemSpec, p => (string?)p.GetMetadata("Value"), StringComparer.OrdinalIgnoreCase);
        var config = FlowForgeConfig.Resolve(shared?.File, Environment.GetEnvironmentVariable, properties);

        if (ReportDiagnostics && shared is not null)
        {
            bool first = shared.TryClaimReport();
            foreach (var diagnostic in config.Diagnostics)
            {
                // Warnings once per node; errors in every project they stop (each must fail).
                if (first || diagnostic.Severity == DiagnosticSeverity.Error) Report(diagnostic);
            }
        }
        else
        {
            // The override warnings (FF5110) belong to this project's properties, so they are not deduplicated.
            foreach (var diagnostic in config.Diagnostics.Where(d => d.Code == ConfigDiagnosticCodes.InvalidOverride)) Report(diagnostic);
        }

        Values = config.Entries.Select(e =>
        {
            var item = new TaskItem(e.Key.MSBuildProperty);
            // Literal: a ';' in a list or a '%' in a path stays part of the value.
            ((ITaskItem2)item).SetMetadataValueLiteral("Value", e.Value);
            item.SetMetadata("Key", e.Key.Key);
            item.SetMetadata("Source", e.SourceText);
            return (ITaskItem)item;
        }).ToArray();

        var fromFile = config.Entries.Where(e => e.Source == ConfigValueSource.File).ToList();
        if (path is not null)
            Log.LogMessage(MessageImportance.Low, "FlowForge config: {0}: {1}", path,
                fromFile.Count == 0 ? "no settings taken from the file" : string.Join(", ", fromFile.Select(e => $"{e.Key.MSBuildProperty}={e.Value} ({e.SourceText})")));
    }
}

/// <summary>A parsed flowforge.toml shared by the projects of a build in one node; re-read when its length or mtime changes.</summary>
internal sealed class SharedConfigFile
{
    private int _reported;

    private SharedConfigFile(ConfigFile file) => File = file;

    public ConfigFile File { get; }

    /// <summary>True for the first caller only: its diagnostics are logged once per node.</summary>
    public bool TryClaimReport() => Interlocked.Exchange(ref _reported, 1) == 0;

    public static SharedConfigFile For(IBuildEngine engine, string path)
    {
        var info = new FileInfo(path);
        var key = $"config:{info.FullName}:{info.Length}:{info.LastWriteTimeUtc.Ticks}";
        return BuildScoped.GetOrCreate(engine, key, () => new SharedConfigFile(ConfigFile.Load(path)), out _);
    }
}
