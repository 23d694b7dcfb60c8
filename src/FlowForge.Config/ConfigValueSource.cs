namespace FlowForge.Config;

/// <summary>Where an effective setting came from. Precedence, highest first: MSBuild property, environment variable, flowforge.toml, default.</summary>
public enum ConfigValueSource
{
    /// <summary>The catalogue's default.</summary>
    Default,

    /// <summary>A key in flowforge.toml.</summary>
    File,

    /// <summary>An environment variable (FLOWFORGE_CACHE, FLOWFORGE_REMOTE_CACHE_URL).</summary>
    Environment,

    /// <summary>An MSBuild property set in a project, Directory.Build.props or with <c>-p:</c>.</summary>
    MSBuild,
}
