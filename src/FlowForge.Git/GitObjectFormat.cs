namespace FlowForge.Git;

/// <summary>The hash a repository names its objects with (<c>extensions.objectFormat</c>).</summary>
public enum GitObjectFormat
{
    /// <summary>40-hex-digit SHA-1 ids, the default.</summary>
    Sha1,
    /// <summary>64-hex-digit SHA-256 ids (<c>git init --object-format=sha256</c>).</summary>
    Sha256,
}

/// <summary>Object id checks shared by the ref reader and the CLI parsers.</summary>
public static class GitObjectId
{
    /// <summary>Hex length of an id in the given format.</summary>
    public static int HexLength(GitObjectFormat format) => format == GitObjectFormat.Sha256 ? 64 : 40;

    /// <summary>The name git uses in config and on the command line ("sha1"/"sha256").</summary>
    public static string Name(GitObjectFormat format) => format == GitObjectFormat.Sha256 ? "sha256" : "sha1";

    /// <summary>True when <paramref name="text"/> is a full lower- or upper-case hex id of the format's length.</summary>
    public static bool IsValid(ReadOnlySpan<char> text, GitObjectFormat format)
    {
        if (text.Length != HexLength(format)) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }

    /// <summary>True when the text is a full id of either format (used where the format is not known yet).</summary>
    public static bool IsValidAnyFormat(ReadOnlySpan<char> text) =>
        IsValid(text, GitObjectFormat.Sha1) || IsValid(text, GitObjectFormat.Sha256);
}
