namespace FlowForge.Config;

/// <summary>
/// Diagnostic codes of <c>flowforge.toml</c> validation (FF51xx). TOML syntax errors keep the parser's codes
/// (FF5001–FF5019, see <c>FlowForge.Toml.TomlDiagnosticCodes</c>). Codes are stable: builds suppress or search for them.
/// Every message names the key, what was expected and how to fix it.
/// </summary>
public static class ConfigDiagnosticCodes
{
    /// <summary>Warning: a key or section FlowForge does not know (usually a typo); it is ignored. The message suggests the nearest known key.</summary>
    public const string UnknownKey = "FF5101";

    /// <summary>Error: a known key has a value of the wrong TOML type (e.g. <c>enabled = "yes"</c> instead of <c>true</c>, a value where a table is expected).</summary>
    public const string WrongType = "FF5102";

    /// <summary>Error: a size that cannot be read. Write an integer number of bytes or a string such as <c>"10GB"</c>, <c>"512MB"</c>, <c>"1.5GiB"</c>.</summary>
    public const string InvalidSize = "FF5103";

    /// <summary>Error: a duration that cannot be read. Write a string such as <c>"5s"</c>, <c>"500ms"</c>, <c>"1m"</c>.</summary>
    public const string InvalidDuration = "FF5104";

    /// <summary>Error: a value that is not one of the allowed choices (e.g. <c>report.format</c>).</summary>
    public const string InvalidChoice = "FF5105";

    /// <summary>Error: a URL that is not an absolute <c>http://</c> or <c>https://</c> URL.</summary>
    public const string InvalidUrl = "FF5106";

    /// <summary>Error: a value of the right type that is still unusable (an empty path, an empty string in a list).</summary>
    public const string InvalidValue = "FF5107";

    /// <summary>Warning: the remote cache URL carries a user name or password; files are committed, so use FLOWFORGE_REMOTE_CACHE_TOKEN / _USER / _PASSWORD instead.
    /// Reported by the file's reader for flowforge.toml, and by the build cache when the URL comes from an MSBuild property (which
    /// binlogs record) or FLOWFORGE_REMOTE_CACHE_URL. The credentials are still used (moved to the Authorization header), never printed.</summary>
    public const string CredentialsInFile = "FF5108";

    /// <summary>Error: <c>flowforge.toml</c> exists but cannot be read (permissions, locked, a folder of that name).</summary>
    public const string FileUnreadable = "FF5109";

    /// <summary>Warning: an MSBuild property or environment variable that overrides a key holds a value FlowForge cannot read; the override is passed on unchanged.</summary>
    public const string InvalidOverride = "FF5110";
}
