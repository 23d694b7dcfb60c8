namespace FlowForge.Toml;

/// <summary>
/// Diagnostic codes of the TOML parser. FF5xxx is the range of TOML and configuration problems;
/// codes are stable so that builds can suppress or search for them.
/// </summary>
public static class TomlDiagnosticCodes
{
    /// <summary>A character that cannot appear here (syntax error).</summary>
    public const string UnexpectedCharacter = "FF5001";

    /// <summary>The input is not valid UTF-8 (or a byte order mark appears after the start).</summary>
    public const string InvalidEncoding = "FF5002";

    /// <summary>A control character (or bare carriage return) where TOML forbids it.</summary>
    public const string ControlCharacter = "FF5003";

    /// <summary>A string is not closed before the end of the line or file.</summary>
    public const string UnterminatedString = "FF5004";

    /// <summary>An unknown escape sequence or an invalid <c>\u</c>/<c>\U</c> code point.</summary>
    public const string InvalidEscape = "FF5005";

    /// <summary>A malformed integer: leading zeros, misplaced underscores, bad digits or prefix.</summary>
    public const string InvalidInteger = "FF5006";

    /// <summary>An integer outside the signed 64-bit range.</summary>
    public const string IntegerOverflow = "FF5007";

    /// <summary>A malformed float: missing digits around <c>.</c> or in the exponent, misplaced underscores.</summary>
    public const string InvalidFloat = "FF5008";

    /// <summary>A malformed date, time or offset, or a date/time that does not exist (Feb 30, hour 24).</summary>
    public const string InvalidDateTime = "FF5009";

    /// <summary>No valid value after <c>=</c> (missing, misspelled <c>true</c>, unquoted text).</summary>
    public const string InvalidValue = "FF5010";

    /// <summary>The input ends inside an array, inline table or table header.</summary>
    public const string UnexpectedEndOfFile = "FF5011";

    /// <summary>An inline table with a newline or a trailing comma.</summary>
    public const string InvalidInlineTable = "FF5012";

    /// <summary>A key defined twice in the same table.</summary>
    public const string DuplicateKey = "FF5013";

    /// <summary>A table defined twice, or a table header naming a table already defined by dotted keys.</summary>
    public const string TableRedefinition = "FF5014";

    /// <summary>An attempt to extend something that cannot be extended: an inline table, a static array, a value used as a table.</summary>
    public const string CannotExtend = "FF5015";

    /// <summary>Arrays, inline tables or keys nested deeper than the configured limit.</summary>
    public const string NestingTooDeep = "FF5016";

    /// <summary>Something after a key/value pair or table header on the same line.</summary>
    public const string ExpectedNewline = "FF5017";

    /// <summary>A missing or malformed key (empty bare key, multi-line string as key, invalid character).</summary>
    public const string InvalidKey = "FF5018";

    /// <summary>Too many errors; the parser stopped reporting.</summary>
    public const string TooManyErrors = "FF5019";

    /// <summary>A bug in the parser (an unexpected exception); the message has details. Please report it.</summary>
    public const string InternalError = "FF9501";
}
