namespace FlowForge.Reporting.Analysis;

/// <summary>The few evaluation properties the report uses: where the project's FlowForge record is, and build flags.</summary>
internal sealed class EvaluationInfo
{
    public string ProjectFile { get; private init; } = "";
    public string? ProjectDirectory { get; private init; }
    public string? IntermediateOutputPath { get; private init; }
    public string? FlowForgeStateDirectory { get; private init; }
    public string? TargetFramework { get; private init; }
    public string? UseSharedCompilation { get; private init; }
    public string? Deterministic { get; private init; }
    public string? SdkVersion { get; private init; }

    public static EvaluationInfo From(string? projectFile, IEnumerable<KeyValuePair<string, string>> properties, Dictionary<string, string> git)
    {
        string? directory = null, intermediate = null, state = null, tfm = null, shared = null, deterministic = null, sdk = null;
        foreach (var (name, value) in properties)
        {
            switch (name)
            {
                case "MSBuildProjectDirectory": directory = value; break;
                case "IntermediateOutputPath": intermediate = value; break;
                case "FlowForgeStateDirectory": state = value; break;
                case "TargetFramework": tfm = value.Length == 0 ? null : value; break;
                case "UseSharedCompilation": shared = value; break;
                case "Deterministic": deterministic = value; break;
                case "NETCoreSdkVersion": sdk = value.Length == 0 ? null : value; break;
                default:
                    if (name.StartsWith("FlowForgeGit", StringComparison.Ordinal) && value.Length > 0) git.TryAdd(name, value);
                    break;
            }
        }
        return new EvaluationInfo
        {
            ProjectFile = projectFile ?? "", ProjectDirectory = directory, IntermediateOutputPath = intermediate,
            FlowForgeStateDirectory = state, TargetFramework = tfm, UseSharedCompilation = shared, Deterministic = deterministic, SdkVersion = sdk,
        };
    }

    /// <summary>Where FlowForge wrote this project's record (obj/&lt;cfg&gt;/&lt;tfm&gt;/flowforge/record.json), or null when unknown.</summary>
    public string? RecordFile()
    {
        var directory = ProjectDirectory ?? Path.GetDirectoryName(ProjectFile);
        if (string.IsNullOrEmpty(directory)) return null;
        string? state = FlowForgeStateDirectory;
        if (string.IsNullOrEmpty(state))
        {
            if (string.IsNullOrEmpty(IntermediateOutputPath)) return null;
            state = Path.Combine(IntermediateOutputPath, "flowforge");
        }
        state = state.Replace('\\', Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.Combine(directory, state, Core.Records.ProjectRecord.FileName));
    }
}
