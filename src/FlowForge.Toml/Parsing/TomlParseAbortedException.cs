namespace FlowForge.Toml.Parsing;

/// <summary>
/// Unwinds the recursive parser after a syntax error has been recorded as a diagnostic. It never leaves
/// <see cref="TomlParser.Parse"/>: after a syntax error the rest of the input cannot be interpreted reliably,
/// so stopping beats reporting a cascade of follow-on errors.
/// </summary>
internal sealed class TomlParseAbortedException : Exception
{
}
