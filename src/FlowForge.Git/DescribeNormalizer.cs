using System.Text.RegularExpressions;

namespace FlowForge.Git;

/// <summary>
/// Brings describe output to the <c>--tags --long --always</c> form. Needed because the provider gets describe
/// from <c>git log</c>'s <c>%(describe:tags=true)</c> placeholder (one process for date and describe), and that
/// placeholder has no <c>--long</c>/<c>--always</c>: an exact tag prints just "v1.0" and an untagged history prints "".
/// </summary>
internal static partial class DescribeNormalizer
{
    [GeneratedRegex("^(?<tag>.+)-(?<count>[0-9]+)-g(?<hex>[0-9a-f]+)$")]
    private static partial Regex LongForm();

    /// <summary>Returns the long form for <paramref name="raw"/> (trimmed describe output) of <paramref name="commit"/>.</summary>
    public static string Normalize(string raw, string commit, int abbreviation)
    {
        var shortId = commit.Length > abbreviation ? commit[..abbreviation] : commit;
        if (raw.Length == 0) return shortId; // no reachable tag: --always prints the abbreviated id
        var match = LongForm().Match(raw);
        // A tag can itself look like "x-1-gabc"; it is the long form only if the hex really is HEAD's prefix.
        if (match.Success && commit.StartsWith(match.Groups["hex"].Value, StringComparison.OrdinalIgnoreCase)) return raw;
        return $"{raw}-0-g{shortId}";
    }
}
