namespace FlowForge.Toml;

/// <summary>Limits applied while parsing untrusted TOML.</summary>
public sealed class TomlParserOptions
{
    /// <summary>The defaults: nesting depth 128, at most 100 errors.</summary>
    public static TomlParserOptions Default { get; } = new();

    /// <summary>
    /// Deepest nesting of tables, arrays and inline tables (counting dotted key parts) before FF5016 is reported.
    /// The limit keeps recursive consumers (and the parser) far away from a stack overflow on hostile input.
    /// </summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>How many errors are collected before the parser stops with FF5019.</summary>
    public int MaxErrors { get; init; } = 100;
}
