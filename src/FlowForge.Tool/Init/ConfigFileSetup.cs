using System.Text;
using FlowForge.Config;

namespace FlowForge.Tool.Init;

/// <summary>
/// A starting flowforge.toml: every key of <see cref="ConfigCatalog"/> with its default and meaning, commented out, so
/// the file changes nothing until a line is enabled. Never touches an existing flowforge.toml.
/// </summary>
public static class ConfigFileSetup
{
    public static void Plan(string root, List<FileEdit> edits, List<string> notes)
    {
        var path = Path.Combine(root, ConfigCatalog.FileName);
        if (File.Exists(path))
        {
            notes.Add($"{ConfigCatalog.FileName} exists and is left as it is (dotnet flowforge config checks it).");
            return;
        }
        edits.Add(new FileEdit(path, true, ["every setting with its default, commented out"], Encoding.UTF8.GetBytes(Render())));
    }

    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("# FlowForge settings for this repository. Every key is listed with its default; remove the '#' to change one.\n");
        text.Append("# MSBuild properties (-p:Name=value, Directory.Build.props) override these. dotnet flowforge config shows the effective values.\n");
        string? section = null;
        foreach (var key in ConfigCatalog.Keys)
        {
            if (key.Section != section)
            {
                section = key.Section;
                text.Append('\n').Append("# [").Append(section).Append("]\n");
            }
            text.Append("# ").Append(key.Description).Append(" (MSBuild: ").Append(key.MSBuildProperty).Append(")\n");
            text.Append("# ").Append(key.Name).Append(" = ").Append(Literal(key)).Append('\n');
        }
        return text.ToString();
    }

    private static string Literal(ConfigKey key) => key.Kind switch
    {
        ConfigValueKind.Boolean => key.Default.Length == 0 ? "false" : key.Default,
        ConfigValueKind.StringList => "[]",
        _ => "\"" + key.Default.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };
}
