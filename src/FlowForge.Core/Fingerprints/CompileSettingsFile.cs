using System.Text;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Fingerprints;

/// <summary>
/// compile-settings.txt, the compile gate's quick-check input (FlowForge.Build.Gate.targets): everything the fingerprint
/// covers besides the contents of files, as text that changes exactly when one of those values changes. MSBuild compares
/// only timestamps, so the file is rewritten only when its text differs: its timestamp then says "a setting changed".
/// </summary>
public static class CompileSettingsFile
{
    public const string FileName = "compile-settings.txt";

    /// <summary>One "Name=Value" line per setting, in the order given, then the hash of the input lists (which files are
    /// inputs, with the metadata the compile reads: a file added with an old timestamp changes the list, not a timestamp).</summary>
    public static string Compose(IEnumerable<string> settings, IEnumerable<string> inputLists)
    {
        var text = new StringBuilder();
        foreach (var setting in settings) text.Append(setting).Append('\n');
        text.Append("InputLists=").Append(ContentHash.Of(string.Join('\n', inputLists)).ToString()).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes <paramref name="text"/> unless the file already holds exactly it. True when the file now holds it.</summary>
    public static bool WriteIfChanged(string path, string text, out string? problem)
    {
        problem = null;
        try
        {
            if (File.Exists(path) && string.Equals(File.ReadAllText(path), text, StringComparison.Ordinal)) return true;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return false;
        }
    }
}
