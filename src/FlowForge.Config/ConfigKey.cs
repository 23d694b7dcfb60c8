namespace FlowForge.Config;

/// <summary>
/// One key of <c>flowforge.toml</c>: its dotted name, type, the MSBuild property it fills, its default (as a user
/// would write it in the file), an optional environment variable, and what it means. <see cref="ConfigCatalog"/>
/// holds them all; validation, the documentation table and <c>dotnet flowforge config</c> read only that table.
/// </summary>
public sealed record ConfigKey(
    string Key,
    ConfigValueKind Kind,
    string MSBuildProperty,
    string Default,
    string Description,
    string? EnvironmentVariable = null,
    IReadOnlyList<string>? AllowedValues = null)
{
    /// <summary>The section (table) of the key, e.g. <c>cache.remote</c> for <c>cache.remote.url</c>.</summary>
    public string Section => Key[..Key.LastIndexOf('.')];

    /// <summary>The last segment, e.g. <c>url</c>.</summary>
    public string Name => Key[(Key.LastIndexOf('.') + 1)..];

    /// <summary>The type as the documentation shows it.</summary>
    public string TypeText => Kind switch
    {
        ConfigValueKind.Boolean => "bool",
        ConfigValueKind.String => "string",
        ConfigValueKind.Path => "path",
        ConfigValueKind.Size => "size",
        ConfigValueKind.Duration => "duration",
        ConfigValueKind.Choice => string.Join(" \\| ", AllowedValues!.Select(v => $"\"{v}\"")),
        ConfigValueKind.Url => "url",
        ConfigValueKind.StringList => "array of strings",
        _ => Kind.ToString(),
    };
}
