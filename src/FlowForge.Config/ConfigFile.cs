using System.Globalization;
using FlowForge.Core.Diagnostics;
using FlowForge.Toml;

namespace FlowForge.Config;

/// <summary>A value read from <c>flowforge.toml</c>, already in its MSBuild form, with where it was written.</summary>
public sealed record ConfigFileValue(ConfigKey Key, string Value, int Line, int Column);

/// <summary>
/// One <c>flowforge.toml</c>, parsed and validated against <see cref="ConfigCatalog"/>: the valid values in their
/// MSBuild form and every diagnostic (TOML syntax errors keep their FF5001–FF5019 codes; validation uses
/// <see cref="ConfigDiagnosticCodes"/>), each with the file and the 1-based line and column. Never throws for bad
/// content. Immutable, so one instance can be shared by every project of a build.
/// </summary>
public sealed class ConfigFile
{
    private ConfigFile(string path, IReadOnlyDictionary<string, ConfigFileValue> values, IReadOnlyList<Diagnostic> diagnostics)
    {
        FilePath = path;
        Values = values;
        Diagnostics = diagnostics;
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>The folder relative paths in the file are resolved against.</summary>
    public string Directory => Path.GetDirectoryName(FilePath)!;

    /// <summary>Valid values by dotted key. Invalid and unknown keys are absent.</summary>
    public IReadOnlyDictionary<string, ConfigFileValue> Values { get; }

    /// <summary>Problems in source order (syntax errors first when there are any).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when a diagnostic is an error: the build must fail until the file is fixed.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// Finds <c>flowforge.toml</c> by walking up from <paramref name="startDirectory"/>. The walk stops at the
    /// repository root (the nearest folder holding <c>.git</c>, a folder or a worktree/submodule file), which is
    /// searched too; outside a repository it goes up to the filesystem root. Returns the full path, or null.
    /// </summary>
    public static string? Find(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (var current = Path.GetFullPath(startDirectory); current is not null; current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, ConfigCatalog.FileName);
            if (File.Exists(candidate)) return candidate;
            var git = Path.Combine(current, ".git");
            if (System.IO.Directory.Exists(git) || File.Exists(git)) return null;
        }
        return null;
    }

    /// <summary>Reads and validates a file. An unreadable file gives one <see cref="ConfigDiagnosticCodes.FileUnreadable"/> error.</summary>
    public static ConfigFile Load(string path)
    {
        var full = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ConfigFile(full, new Dictionary<string, ConfigFileValue>(),
                [Diagnostic.Error(ConfigDiagnosticCodes.FileUnreadable, $"Cannot read {ConfigCatalog.FileName}: {e.Message} Fix its permissions, or delete it to use the defaults.", full)]);
        }
        return Parse(bytes, full);
    }

    /// <summary>Validates TOML text; <paramref name="path"/> names the file in diagnostics and anchors relative paths.</summary>
    public static ConfigFile Parse(string text, string path) => Parse(System.Text.Encoding.UTF8.GetBytes(text), path);

    /// <summary>Validates UTF-8 TOML; <paramref name="path"/> names the file in diagnostics and anchors relative paths.</summary>
    public static ConfigFile Parse(byte[] utf8, string path)
    {
        var full = Path.GetFullPath(path);
        var document = Toml.Toml.Parse(utf8, full);
        var diagnostics = document.Diagnostics.Select(d => new Diagnostic(d.Code,
            d.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, d.Message, full, d.Line, d.Column)).ToList();
        var values = new Dictionary<string, ConfigFileValue>(StringComparer.Ordinal);
        if (document.TryGetModel(out var root))
            new Validator(full, values, diagnostics).Table(root, "");
        return new ConfigFile(full, values, diagnostics);
    }

    private sealed class Validator(string file, Dictionary<string, ConfigFileValue> values, List<Diagnostic> diagnostics)
    {
        private readonly string _directory = Path.GetDirectoryName(file)!;

        public void Table(TomlTable table, string section)
        {
            foreach (var (name, value) in table)
            {
                var full = section.Length == 0 ? name : section + "." + name;
                if (ConfigCatalog.TryGet(full, out var key))
                {
                    Value(key, value, table.GetValuePosition(name));
                }
                else if (ConfigCatalog.Sections.Contains(full))
                {
                    if (value is TomlTable nested) Table(nested, full);
                    else Error(ConfigDiagnosticCodes.WrongType, table.GetValuePosition(name),
                        $"'{full}' must be a table ([{full}] with keys below it), not {TypeName(value)}. Known keys: {string.Join(", ", ConfigCatalog.ChildrenOf(full))}.");
                }
                else
                {
                    Unknown(name, full, section, value, table.GetKeyPosition(name));
                }
            }
        }

        private void Unknown(string name, string full, string section, object value, TomlPosition position)
        {
            var isTable = value is TomlTable or TomlTableArray;
            var what = isTable ? $"section [{full}]" : section.Length == 0 ? $"top-level key '{name}'" : $"key '{name}' in [{section}]";
            var suggestion = Suggestions.Nearest(name, ConfigCatalog.ChildrenOf(section));
            string? hint = suggestion is null ? null : section.Length == 0 ? suggestion : $"{section}.{suggestion}";
            if (hint is null)
            {
                // The right name in the wrong place ([cache] baseRef, [remote]), or a typo of a key elsewhere.
                var everywhere = ConfigCatalog.Keys.Select(k => k.Key).Concat(ConfigCatalog.Sections).ToList();
                hint = everywhere.FirstOrDefault(k => string.Equals(k.Split('.')[^1], name, StringComparison.OrdinalIgnoreCase))
                    ?? Suggestions.Nearest(full, everywhere);
            }
            var message = $"Unknown {what}; it is ignored.";
            if (hint is not null) message += $" Did you mean '{hint}'?";
            else message += $" Known {(section.Length == 0 ? "sections" : "keys")}: {string.Join(", ", ConfigCatalog.ChildrenOf(section))}.";
            diagnostics.Add(new Diagnostic(ConfigDiagnosticCodes.UnknownKey, DiagnosticSeverity.Warning, message, file, position.Line, position.Column));
        }

        private void Value(ConfigKey key, object value, TomlPosition position)
        {
            string? result = key.Kind switch
            {
                ConfigValueKind.Boolean => Boolean(key, value, position),
                ConfigValueKind.String => NonEmptyString(key, value, position),
                ConfigValueKind.Path => PathValue(key, value, position),
                ConfigValueKind.Size => Size(key, value, position),
                ConfigValueKind.Duration => Duration(key, value, position),
                ConfigValueKind.Choice => Choice(key, value, position),
                ConfigValueKind.Url => Url(key, value, position),
                ConfigValueKind.StringList => StringList(key, value, position),
                _ => null,
            };
            if (result is not null) values[key.Key] = new ConfigFileValue(key, result, position.Line, position.Column);
        }

        private string? Boolean(ConfigKey key, object value, TomlPosition position)
        {
            if (value is bool b) return b ? "true" : "false";
            var hint = value is string s && ConfigValues.TryParseBoolean(s, out var parsed) ? $" Write {(parsed ? "true" : "false")} without quotes." : " Write true or false.";
            return WrongType(key, value, position, "a boolean" + ".", hint);
        }

        private string? NonEmptyString(ConfigKey key, object value, TomlPosition position)
        {
            if (value is not string s) return WrongType(key, value, position, "a string.", $" Write {key.Name} = \"{key.Default}\".");
            if (string.IsNullOrWhiteSpace(s)) return Invalid(ConfigDiagnosticCodes.InvalidValue, position, $"'{key.Key}' is empty. Remove the key to use the default \"{key.Default}\".");
            return s.Trim();
        }

        private string? PathValue(ConfigKey key, object value, TomlPosition position)
        {
            if (value is not string s) return WrongType(key, value, position, "a path string.", $" Write {key.Name} = \"some/folder\" (relative to the folder of {ConfigCatalog.FileName}).");
            if (string.IsNullOrWhiteSpace(s)) return Invalid(ConfigDiagnosticCodes.InvalidValue, position, $"'{key.Key}' is an empty path. Remove the key to use the default, or name a file or folder.");
            if (s.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || s.Contains(';'))
                return Invalid(ConfigDiagnosticCodes.InvalidValue, position, $"'{key.Key}' = \"{s}\" is not a usable path (it contains a character that paths or MSBuild properties cannot hold).");
            return Path.GetFullPath(Path.Combine(_directory, s.Trim()));
        }

        private string? Size(ConfigKey key, object value, TomlPosition position)
        {
            switch (value)
            {
                case long n when n >= 0:
                    return n.ToString(CultureInfo.InvariantCulture);
                case long n:
                    return Invalid(ConfigDiagnosticCodes.InvalidSize, position, $"'{key.Key}' = {n} is negative. Write a size such as \"{key.Default}\".");
                case string s when ConfigValues.TryParseSize(s, out var bytes):
                    return bytes.ToString(CultureInfo.InvariantCulture);
                case string s:
                    return Invalid(ConfigDiagnosticCodes.InvalidSize, position,
                        $"'{key.Key}' = \"{s}\" is not a size. Write a number of bytes or a number with a unit ({ConfigValues.SizeUnitsText}), e.g. \"{key.Default}\".");
                case double d:
                    return Invalid(ConfigDiagnosticCodes.InvalidSize, position,
                        $"'{key.Key}' = {d.ToString(CultureInfo.InvariantCulture)} is a float; a size needs a unit. Write e.g. \"{d.ToString(CultureInfo.InvariantCulture)}GB\" or a whole number of bytes.");
                default:
                    return WrongType(key, value, position, "a size (an integer number of bytes or a string such as \"10GB\").", "");
            }
        }

        private string? Duration(ConfigKey key, object value, TomlPosition position)
        {
            switch (value)
            {
                case string s when ConfigValues.TryParseDuration(s, out var duration):
                    return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
                case string s:
                    return Invalid(ConfigDiagnosticCodes.InvalidDuration, position,
                        $"'{key.Key}' = \"{s}\" is not a duration. Write a positive number with a unit ({ConfigValues.DurationUnitsText}), e.g. \"{key.Default}\" or \"500ms\".");
                case long or double:
                    return Invalid(ConfigDiagnosticCodes.InvalidDuration, position,
                        $"'{key.Key}' = {Convert.ToString(value, CultureInfo.InvariantCulture)} has no unit. Write a string with a unit, e.g. \"{Convert.ToString(value, CultureInfo.InvariantCulture)}s\" or \"{Convert.ToString(value, CultureInfo.InvariantCulture)}ms\".");
                default:
                    return WrongType(key, value, position, "a duration string such as \"5s\" or \"500ms\".", "");
            }
        }

        private string? Choice(ConfigKey key, object value, TomlPosition position)
        {
            var allowed = key.AllowedValues!;
            var list = string.Join(", ", allowed.Select(a => $"\"{a}\""));
            if (value is not string s) return WrongType(key, value, position, $"one of {list}.", "");
            var match = allowed.FirstOrDefault(a => string.Equals(a, s.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match;
            var suggestion = Suggestions.Nearest(s, allowed);
            return Invalid(ConfigDiagnosticCodes.InvalidChoice, position,
                $"'{key.Key}' = \"{s}\" is not one of {list}." + (suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"));
        }

        private string? Url(ConfigKey key, object value, TomlPosition position)
        {
            if (value is not string s) return WrongType(key, value, position, "a URL string.", " Write url = \"https://cache.example.com/flowforge\".");
            if (s.Trim().Length == 0) return "";
            if (!ConfigValues.IsHttpUrl(s, out var uri))
                return Invalid(ConfigDiagnosticCodes.InvalidUrl, position, $"'{key.Key}' = \"{s}\" is not an absolute http:// or https:// URL. Write e.g. \"https://cache.example.com/flowforge\".");
            if (!string.IsNullOrEmpty(uri!.UserInfo))
                diagnostics.Add(new Diagnostic(ConfigDiagnosticCodes.CredentialsInFile, DiagnosticSeverity.Warning,
                    $"'{key.Key}' contains a user name or password, and {ConfigCatalog.FileName} is usually committed. Remove them from the URL and set FLOWFORGE_REMOTE_CACHE_TOKEN (or FLOWFORGE_REMOTE_CACHE_USER and FLOWFORGE_REMOTE_CACHE_PASSWORD) in the build environment.",
                    file, position.Line, position.Column));
            return s.Trim();
        }

        private string? StringList(ConfigKey key, object value, TomlPosition position)
        {
            if (value is not TomlArray array)
            {
                var hint = value is string s ? $" Write {key.Name} = [{string.Join(", ", s.Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"\"{p}\""))}]." : "";
                return WrongType(key, value, position, "an array of strings.", hint);
            }
            var items = new List<string>();
            bool ok = true;
            for (int i = 0; i < array.Count; i++)
            {
                var p = array.GetPosition(i);
                if (array[i] is not string item)
                {
                    Error(ConfigDiagnosticCodes.WrongType, p.IsKnown ? p : position,
                        $"'{key.Key}' must be an array of strings, but element {i + 1} is {TypeName(array[i])}. Put it in quotes.");
                    ok = false;
                }
                else if (string.IsNullOrWhiteSpace(item) || item.Contains(';'))
                {
                    Error(ConfigDiagnosticCodes.InvalidValue, p.IsKnown ? p : position,
                        $"'{key.Key}' element {i + 1} (\"{item}\") is empty or contains ';'. Write one name per string.");
                    ok = false;
                }
                else
                {
                    items.Add(item.Trim());
                }
            }
            return ok ? string.Join(";", items) : null;
        }

        private string? WrongType(ConfigKey key, object value, TomlPosition position, string expected, string hint)
        {
            Error(ConfigDiagnosticCodes.WrongType, position, $"'{key.Key}' must be {expected[..^1]}, not {TypeName(value)}.{hint}");
            return null;
        }

        private string? Invalid(string code, TomlPosition position, string message)
        {
            Error(code, position, message);
            return null;
        }

        private void Error(string code, TomlPosition position, string message) =>
            diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, file, position.Line, position.Column));

        private static string TypeName(object value) => value switch
        {
            string s => $"a string (\"{s}\")",
            long n => $"an integer ({n.ToString(CultureInfo.InvariantCulture)})",
            double d => $"a float ({d.ToString(CultureInfo.InvariantCulture)})",
            bool b => $"a boolean ({(b ? "true" : "false")})",
            TomlArray => "an array",
            TomlTableArray => "an array of tables",
            TomlTable => "a table",
            _ => "a date/time",
        };
    }
}
