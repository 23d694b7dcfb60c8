namespace FlowForge.Config;

/// <summary>
/// The effective value of one key: its MSBuild form (what the property is set to), where it came from, and for
/// <see cref="ConfigValueSource.File"/> the line and column in flowforge.toml, for <see cref="ConfigValueSource.Environment"/>
/// the variable's name.
/// </summary>
public sealed record ConfigSetting(ConfigKey Key, string Value, ConfigValueSource Source, string? Origin = null, int Line = 0, int Column = 0)
{
    /// <summary>"default", "flowforge.toml(3,1)", "environment FLOWFORGE_CACHE", "MSBuild property FlowForgeCache".</summary>
    public string SourceText => Source switch
    {
        ConfigValueSource.File => $"{ConfigCatalog.FileName}({Line},{Column})",
        ConfigValueSource.Environment => $"environment {Origin}",
        ConfigValueSource.MSBuild => $"MSBuild property {Key.MSBuildProperty}",
        _ => "default",
    };
}
