using System.Globalization;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Config;

/// <summary>
/// The effective configuration of one project: every catalogue key with its value and source, the typed
/// <see cref="Settings"/>, and the diagnostics of the file and of unreadable overrides.
/// </summary>
public sealed class EffectiveConfig
{
    internal EffectiveConfig(ConfigFile? file, IReadOnlyList<ConfigSetting> settings, IReadOnlyList<Diagnostic> diagnostics)
    {
        File = file;
        Entries = settings;
        Diagnostics = diagnostics;
        Settings = FlowForgeSettings.FromValues(ValueOf);
    }

    /// <summary>The flowforge.toml that was read, or null when there is none.</summary>
    public ConfigFile? File { get; }

    /// <summary>One entry per catalogue key, in catalogue order.</summary>
    public IReadOnlyList<ConfigSetting> Entries { get; }

    /// <summary>The file's diagnostics followed by those of overrides (FF5110).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when a diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Typed settings.</summary>
    public FlowForgeSettings Settings { get; }

    /// <summary>The entry of a dotted key such as <c>cache.sizeLimit</c>.</summary>
    public ConfigSetting this[string key] => Entries.First(e => e.Key.Key == key);

    /// <summary>The effective MSBuild-form value of an MSBuild property name, or null if it is not a catalogue property.</summary>
    public string? ValueOf(string msbuildProperty) =>
        Entries.FirstOrDefault(e => string.Equals(e.Key.MSBuildProperty, msbuildProperty, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>
/// Finds, reads and resolves flowforge.toml. Precedence, highest first: an MSBuild property that is set (non-empty),
/// then an environment variable (FLOWFORGE_CACHE for cache.root, FLOWFORGE_REMOTE_CACHE_URL for cache.remote.url),
/// then flowforge.toml, then the catalogue default.
/// </summary>
public static class FlowForgeConfig
{
    /// <summary>Finds flowforge.toml above <paramref name="projectDirectory"/> (see <see cref="ConfigFile.Find"/>), reads it and resolves.</summary>
    public static EffectiveConfig Load(string projectDirectory, Func<string, string?>? environment = null,
        IReadOnlyDictionary<string, string?>? msbuildProperties = null)
    {
        var path = ConfigFile.Find(projectDirectory);
        return Resolve(path is null ? null : ConfigFile.Load(path), environment, msbuildProperties);
    }

    /// <summary>
    /// Combines a (possibly absent) file with the environment and the MSBuild properties already set
    /// (property name → value; empty means not set). Values from the environment are normalized like the
    /// file's (a relative path is made full against the current folder); MSBuild values are passed on unchanged,
    /// with an FF5110 warning when FlowForge cannot read them.
    /// </summary>
    public static EffectiveConfig Resolve(ConfigFile? file, Func<string, string?>? environment = null,
        IReadOnlyDictionary<string, string?>? msbuildProperties = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var diagnostics = new List<Diagnostic>(file?.Diagnostics ?? []);
        var entries = new List<ConfigSetting>(ConfigCatalog.Keys.Count);
        foreach (var key in ConfigCatalog.Keys)
        {
            string? property = null;
            if (msbuildProperties is not null)
                foreach (var (name, value) in msbuildProperties)
                    if (string.Equals(name, key.MSBuildProperty, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
                        property = value;
            if (property is not null)
            {
                if (!IsReadable(key, property))
                    diagnostics.Add(Diagnostic.Warning(ConfigDiagnosticCodes.InvalidOverride,
                        $"The MSBuild property {key.MSBuildProperty}='{property}' is not a valid {key.TypeText} for '{key.Key}'; FlowForge passes it on unchanged and its consumers may ignore it. Fix the property or remove it to use {ConfigCatalog.FileName}."));
                entries.Add(new ConfigSetting(key, property, ConfigValueSource.MSBuild, key.MSBuildProperty));
                continue;
            }
            var fromEnvironment = key.EnvironmentVariable is null ? null : environment(key.EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                var value = fromEnvironment.Trim();
                if (key.Kind == ConfigValueKind.Path) value = Path.GetFullPath(value);
                else if (!IsReadable(key, value))
                    diagnostics.Add(Diagnostic.Warning(ConfigDiagnosticCodes.InvalidOverride,
                        $"The environment variable {key.EnvironmentVariable}='{value}' is not a valid {key.TypeText} for '{key.Key}'. Fix or unset it."));
                entries.Add(new ConfigSetting(key, value, ConfigValueSource.Environment, key.EnvironmentVariable));
                continue;
            }
            if (file is not null && file.Values.TryGetValue(key.Key, out var fromFile))
            {
                entries.Add(new ConfigSetting(key, fromFile.Value, ConfigValueSource.File, file.FilePath, fromFile.Line, fromFile.Column));
                continue;
            }
            entries.Add(new ConfigSetting(key, DefaultValue(key), ConfigValueSource.Default));
        }
        return new EffectiveConfig(file, entries, diagnostics);
    }

    /// <summary>The MSBuild form of a key's default (sizes in bytes, durations in milliseconds).</summary>
    public static string DefaultValue(ConfigKey key) => key.Kind switch
    {
        ConfigValueKind.Size when ConfigValues.TryParseSize(key.Default, out var bytes) => bytes.ToString(CultureInfo.InvariantCulture),
        ConfigValueKind.Duration when ConfigValues.TryParseDuration(key.Default, out var t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        _ => key.Default,
    };

    /// <summary>True when FlowForge can read <paramref name="value"/> as the key's type (MSBuild form or file form).</summary>
    public static bool IsReadable(ConfigKey key, string value) => key.Kind switch
    {
        ConfigValueKind.Boolean => ConfigValues.TryParseBoolean(value, out _),
        ConfigValueKind.Size => ConfigValues.TryParseSize(value, out _),
        ConfigValueKind.Duration => ConfigValues.TryParseDuration(value, out _, allowBareMilliseconds: true),
        ConfigValueKind.Choice => key.AllowedValues!.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase),
        ConfigValueKind.Url => ConfigValues.IsHttpUrl(value, out _),
        _ => true,
    };
}
