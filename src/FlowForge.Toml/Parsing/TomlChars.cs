using System.Buffers;

namespace FlowForge.Toml.Parsing;

/// <summary>Byte classes of the TOML grammar, shared by the scanners.</summary>
internal static class TomlChars
{
    /// <summary>Bytes that need no attention inside a basic string: tab and printable ASCII except <c>"</c> and <c>\</c>.</summary>
    public static readonly SearchValues<byte> BasicStringPlain = SearchValues.Create(Printable(except: "\"\\"));

    /// <summary>Bytes that need no attention inside a literal string: tab and printable ASCII except <c>'</c>.</summary>
    public static readonly SearchValues<byte> LiteralStringPlain = SearchValues.Create(Printable(except: "'"));

    /// <summary>Bytes that need no attention inside a comment: tab and printable ASCII.</summary>
    public static readonly SearchValues<byte> CommentPlain = SearchValues.Create(Printable(except: ""));

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    public static bool IsBareKeyChar(byte b)
        => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '_' || b == '-';

    /// <summary>Characters that can appear in a number token (digits, prefixes, signs, exponent, inf/nan).</summary>
    public static bool IsNumberChar(byte b)
        => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '_' || b == '-' || b == '+' || b == '.';

    public static int HexValue(byte b)
    {
        if ((uint)(b - '0') <= 9)
        {
            return b - '0';
        }

        int lower = b | 0x20;
        return (uint)(lower - 'a') <= 5 ? lower - 'a' + 10 : -1;
    }

    private static byte[] Printable(string except)
    {
        var bytes = new List<byte> { (byte)'\t' };
        for (int b = 0x20; b < 0x7F; b++)
        {
            if (except.IndexOf((char)b) < 0)
            {
                bytes.Add((byte)b);
            }
        }

        return bytes.ToArray();
    }
}
