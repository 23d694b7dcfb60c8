using FlowForge.Core.Hashing;

namespace FlowForge.Core.Fingerprints;

/// <summary>
/// The fingerprint hash of a file the SDK generates with the checkout's absolute path inside it (the generated global
/// editorconfig carries <c>build_property.ProjectDir = /home/me/repo/src/App/</c>). When the compile maps that folder
/// with PathMap, its output does not depend on where the checkout lives, so the hash must not either: the folder is
/// replaced by a fixed token before hashing, and a clone in another folder gets the same fingerprint (and the same
/// cache entries). Only used for generated files; a user's own file is hashed as it is.
/// </summary>
public static class LocationIndependentHash
{
    public const string Token = "{checkout}";

    /// <param name="directory">The checkout's root folder as it appears in the file.</param>
    public static ContentHash OfFile(string path, string directory)
    {
        var text = File.ReadAllText(path);
        return ContentHash.Of(Replace(text, directory));
    }

    /// <summary>Replaces the folder (with either separator, with or without a trailing one) by <see cref="Token"/>.</summary>
    public static string Replace(string text, string directory)
    {
        var trimmed = directory.TrimEnd('/', '\\');
        if (trimmed.Length == 0) return text;
        var forward = trimmed.Replace('\\', '/');
        var backward = trimmed.Replace('/', '\\');
        text = text.Replace(trimmed, Token, StringComparison.Ordinal);
        if (forward != trimmed) text = text.Replace(forward, Token, StringComparison.Ordinal);
        if (backward != trimmed) text = text.Replace(backward, Token, StringComparison.Ordinal);
        return text;
    }
}
