namespace FlowForge.Core.Fingerprints;

/// <summary>
/// One line of a compile fingerprint: a <see cref="Section"/> (what kind of thing), a <see cref="Key"/> (which one:
/// a property name, an input's canonical path) and its <see cref="Value"/> (the property's value, the file's hash and
/// the metadata that matters). Components are compared by section and key to explain a mismatch.
/// </summary>
public sealed record FingerprintComponent(string Section, string Key, string Value)
{
    /// <summary>The canonical line: section, key and value separated by tabs, with \ \t \r \n escaped.</summary>
    public string ToLine() => $"{Escape(Section)}\t{Escape(Key)}\t{Escape(Value)}";

    public static bool TryParseLine(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FingerprintComponent? component)
    {
        component = null;
        var parts = line.Split('\t');
        if (parts.Length != 3) return false;
        component = new FingerprintComponent(Unescape(parts[0]), Unescape(parts[1]), Unescape(parts[2]));
        return true;
    }

    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("\\\t\r\n") < 0) return text;
        return text.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\r", "\\r").Replace("\n", "\\n");
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var result = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 == text.Length) { result.Append(c); continue; }
            char next = text[++i];
            result.Append(next switch { 't' => '\t', 'r' => '\r', 'n' => '\n', _ => next });
        }
        return result.ToString();
    }
}

/// <summary>The sections of a compile fingerprint, in canonical order.</summary>
public static class FingerprintSections
{
    /// <summary>FlowForge's own fingerprint format version.</summary>
    public const string Schema = "schema";
    /// <summary>SDK version and the hashes of the Csc task and compiler assemblies.</summary>
    public const string Compiler = "compiler";
    /// <summary>Csc parameters that change the output (Optimize, DefineConstants, LangVersion, …).</summary>
    public const string Option = "option";
    /// <summary>Output paths, relative to the project folder.</summary>
    public const string Output = "output";
    public const string Compile = "compile";
    public const string Reference = "reference";
    public const string Analyzer = "analyzer";
    public const string AdditionalFile = "additional";
    public const string EditorConfig = "editorconfig";
    public const string Resource = "resource";
    public const string LinkResource = "linkresource";
    public const string EmbeddedFile = "embedded";
    public const string Module = "module";
    /// <summary>Single files named by a property (key file, icon, win32 manifest/resource, ruleset, SourceLink, app.config, response file).</summary>
    public const string File = "file";
    /// <summary>Other CoreCompile inputs (CustomAdditionalCompileInputs, EmbeddedDocumentation): not passed to Csc, kept to be safe.</summary>
    public const string ExtraInput = "input";
    /// <summary>
    /// Not hashed: properties whose effect already reaches the compile through a generated input (Version → AssemblyInfo.cs),
    /// kept so an explanation can name the property and both values.
    /// </summary>
    public const string Context = "context";

    /// <summary>Sections whose keys are files (their values start with the content hash).</summary>
    public static bool IsFileSection(string section) => section is Compile or Reference or Analyzer or AdditionalFile or EditorConfig
        or Resource or LinkResource or EmbeddedFile or Module or File or ExtraInput;

    /// <summary>Sections whose components are property values.</summary>
    public static bool IsPropertySection(string section) => section is Option or Output or Context;
}
