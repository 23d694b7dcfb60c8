using System.Text;
using FlowForge.Toml.Parsing;

namespace FlowForge.Toml;

/// <summary>
/// Entry points of the TOML 1.0 parser, shaped like Tomlyn's: <c>Toml.Parse</c> returns a document with
/// diagnostics and never throws; <c>Toml.ToModel</c> returns the root table and throws <see cref="TomlException"/>
/// when the input is invalid.
/// </summary>
public static class Toml
{
    // Strict: a .NET string with a lone surrogate cannot be represented in UTF-8 and is reported, not replaced.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 bytes (a leading byte order mark is allowed).</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="sourcePath">File name used in diagnostics, or null.</param>
    /// <param name="options">Limits, or null for <see cref="TomlParserOptions.Default"/>.</param>
    public static TomlDocument Parse(ReadOnlySpan<byte> utf8, string? sourcePath = null, TomlParserOptions? options = null)
        => TomlParser.Parse(utf8, sourcePath, options ?? TomlParserOptions.Default);

    /// <summary>Parses UTF-8 bytes (a leading byte order mark is allowed).</summary>
    public static TomlDocument Parse(byte[] utf8, string? sourcePath = null, TomlParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return Parse(utf8.AsSpan(), sourcePath, options);
    }

    /// <summary>Parses text.</summary>
    public static TomlDocument Parse(string text, string? sourcePath = null, TomlParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            var diagnostic = new TomlDiagnostic(
                TomlDiagnosticCodes.InvalidEncoding,
                "The text contains an unpaired UTF-16 surrogate and cannot be TOML; fix the string that produced it.",
                TomlDiagnosticSeverity.Error,
                sourcePath,
                new TomlPosition(0, 1, 1),
                0);
            return new TomlDocument(new TomlTable(), new[] { diagnostic }, sourcePath);
        }

        return Parse(bytes.AsSpan(), sourcePath, options);
    }

    /// <summary>Reads and parses a file; the path becomes the origin of diagnostics. I/O errors propagate.</summary>
    public static TomlDocument ParseFile(string path, TomlParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllBytes(path).AsSpan(), path, options);
    }

    /// <summary>Parses text and returns the root table; throws <see cref="TomlException"/> when invalid.</summary>
    public static TomlTable ToModel(string text, string? sourcePath = null, TomlParserOptions? options = null)
        => Parse(text, sourcePath, options).ToModel();

    /// <summary>Parses UTF-8 bytes and returns the root table; throws <see cref="TomlException"/> when invalid.</summary>
    public static TomlTable ToModel(ReadOnlySpan<byte> utf8, string? sourcePath = null, TomlParserOptions? options = null)
        => Parse(utf8, sourcePath, options).ToModel();
}
