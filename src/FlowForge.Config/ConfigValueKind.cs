namespace FlowForge.Config;

/// <summary>The type of a <c>flowforge.toml</c> key: what the file may contain and how it maps to an MSBuild property value.</summary>
public enum ConfigValueKind
{
    /// <summary>TOML boolean; MSBuild <c>true</c>/<c>false</c>.</summary>
    Boolean,

    /// <summary>TOML string, passed on unchanged.</summary>
    String,

    /// <summary>TOML string naming a file or folder, relative to the folder of <c>flowforge.toml</c>; MSBuild gets the full path.</summary>
    Path,

    /// <summary>TOML integer (bytes) or string with a unit (<c>"10GB"</c>, <c>"512MiB"</c>); MSBuild gets the number of bytes.</summary>
    Size,

    /// <summary>TOML string with a unit (<c>"5s"</c>, <c>"500ms"</c>, <c>"2m"</c>); MSBuild gets milliseconds.</summary>
    Duration,

    /// <summary>TOML string, one of <see cref="ConfigKey.AllowedValues"/> (case-insensitive); MSBuild gets it in lower case.</summary>
    Choice,

    /// <summary>TOML string, an absolute http(s) URL.</summary>
    Url,

    /// <summary>TOML array of strings; MSBuild gets them joined with <c>;</c>.</summary>
    StringList,
}
