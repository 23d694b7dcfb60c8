namespace FlowForge.Chunking;

/// <summary>Chooses a chunker for a file by its extension.</summary>
public static class Chunkers
{
    private static readonly HashSet<string> XmlExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".xml", ".csproj", ".props", ".targets", ".resx", ".xaml", ".config",
    };

    /// <summary>
    /// <c>.cs</c> → <see cref="CSharpChunker"/>, <c>.toml</c> → <see cref="TomlChunker"/>, <c>.json</c> →
    /// <see cref="JsonChunker"/>, <c>.xml/.csproj/.props/.targets/.resx/.xaml/.config</c> → <see cref="XmlChunker"/>,
    /// anything else → <see cref="ContentDefinedChunker"/>. Content that looks binary (a NUL byte in the first
    /// 8 KiB, as in UTF-16 text or a misnamed binary) always gets content-defined chunking.
    /// </summary>
    /// <param name="pathOrName">A path or just a file name; only the extension is used.</param>
    /// <param name="content">The file content, for the binary check.</param>
    /// <param name="options">Sizes; default <see cref="ChunkingOptions.Default"/>.</param>
    public static IChunker ForFile(string pathOrName, ReadOnlySpan<byte> content, ChunkingOptions? options = null)
    {
        var extension = Path.GetExtension(pathOrName);
        bool binary = content[..Math.Min(content.Length, 8192)].IndexOf((byte)0) >= 0;
        if (binary) return new ContentDefinedChunker(options);
        if (extension.Equals(".cs", StringComparison.OrdinalIgnoreCase)) return new CSharpChunker(options);
        if (extension.Equals(".toml", StringComparison.OrdinalIgnoreCase)) return new TomlChunker(options);
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase)) return new JsonChunker(options);
        if (XmlExtensions.Contains(extension)) return new XmlChunker(options);
        return new ContentDefinedChunker(options);
    }
}
