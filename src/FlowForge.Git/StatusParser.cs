using System.Globalization;

namespace FlowForge.Git;

/// <summary>
/// Parses <c>git status --porcelain=v2 --branch -z</c>. With <c>-z</c> every record ends with NUL, paths are
/// verbatim (no C-quoting), and a rename record is followed by one extra NUL-terminated field: the source path.
/// Unknown header and record types are skipped, as the format documentation asks of parsers.
/// </summary>
public static class StatusParser
{
    /// <summary>Parses the output; throws <see cref="FormatException"/> for a truncated record.</summary>
    public static GitStatus Parse(string output)
    {
        var fields = output.Split('\0');
        string? oid = null, branch = null, upstream = null;
        bool detached = false;
        int? ahead = null, behind = null;
        var entries = new List<StatusEntry>();

        for (int i = 0; i < fields.Length; i++)
        {
            var record = fields[i];
            if (record.Length == 0) continue;
            switch (record[0])
            {
                case '#':
                    ParseHeader(record, ref oid, ref branch, ref detached, ref upstream, ref ahead, ref behind);
                    break;
                case '1':
                    // 1 <XY> <sub> <mH> <mI> <mW> <hH> <hI> <path>
                    entries.Add(new StatusEntry(StatusEntryKind.Changed, Field(record, 1), PathAfter(record, 8)));
                    break;
                case '2':
                    // 2 <XY> <sub> <mH> <mI> <mW> <hH> <hI> <X><score> <path>\0<origPath>
                    if (i + 1 >= fields.Length) throw new FormatException("Rename record without its source path.");
                    entries.Add(new StatusEntry(StatusEntryKind.RenamedOrCopied, Field(record, 1), PathAfter(record, 9), fields[++i]));
                    break;
                case 'u':
                    // u <XY> <sub> <m1> <m2> <m3> <mW> <h1> <h2> <h3> <path>
                    entries.Add(new StatusEntry(StatusEntryKind.Unmerged, Field(record, 1), PathAfter(record, 10)));
                    break;
                case '?':
                    entries.Add(new StatusEntry(StatusEntryKind.Untracked, "??", PathAfter(record, 1)));
                    break;
                case '!':
                    entries.Add(new StatusEntry(StatusEntryKind.Ignored, "!!", PathAfter(record, 1)));
                    break;
            }
        }

        return new GitStatus
        {
            HeadCommit = oid, Branch = branch, IsDetached = detached, Upstream = upstream,
            Ahead = ahead, Behind = behind, Entries = entries,
        };
    }

    private static void ParseHeader(string record, ref string? oid, ref string? branch, ref bool detached,
        ref string? upstream, ref int? ahead, ref int? behind)
    {
        // "# branch.<name> <value>"
        var parts = record.Split(' ', 3);
        if (parts.Length < 3) return;
        var value = parts[2];
        switch (parts[1])
        {
            case "branch.oid":
                oid = value == "(initial)" ? null : value;
                break;
            case "branch.head":
                detached = value == "(detached)";
                branch = detached ? null : value;
                break;
            case "branch.upstream":
                upstream = value;
                break;
            case "branch.ab":
                var ab = value.Split(' ');
                if (ab.Length == 2
                    && int.TryParse(ab[0].TrimStart('+'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)
                    && int.TryParse(ab[1].TrimStart('-'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
                {
                    ahead = a;
                    behind = b;
                }
                break;
        }
    }

    private static string Field(string record, int index)
    {
        var parts = record.Split(' ', index + 2);
        if (parts.Length <= index) throw new FormatException($"Status record too short: '{record}'.");
        return parts[index];
    }

    /// <summary>The path is everything after the n-th space: it may itself contain spaces.</summary>
    private static string PathAfter(string record, int spaces)
    {
        int position = 0;
        for (int s = 0; s < spaces; s++)
        {
            position = record.IndexOf(' ', position);
            if (position < 0) throw new FormatException($"Status record too short: '{record}'.");
            position++;
        }
        if (position >= record.Length) throw new FormatException($"Status record without a path: '{record}'.");
        return record[position..];
    }
}
