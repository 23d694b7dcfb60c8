using System.Globalization;
using System.Text;
using FlowForge.Core.Hashing;

namespace FlowForge.Git;

/// <summary>
/// A cheap fingerprint of everything the git data of a build depends on, computed from a handful of
/// stats and two small reads: HEAD's content, the resolved ref's file content and mtime, packed-refs,
/// the index (length + mtime: git rewrites it on add/commit/checkout/reset and on status refreshes),
/// the shallow marker and the config. When it is unchanged, the git CLI would report the same thing,
/// except for edits to tracked files that have not touched the index yet (see <see cref="GitInfoCache"/>).
/// </summary>
public sealed record IdentityStamp(string Key, string Description)
{
    /// <summary>Bump when the cached <see cref="GitInfo"/> shape or the stamp's inputs change.</summary>
    internal const int SchemaVersion = 1;

    /// <summary>Computes the stamp for a repository state read by <see cref="ManagedGitReader"/>.</summary>
    public static IdentityStamp Compute(ManagedGitState state)
    {
        var location = state.Location;
        var text = new StringBuilder();
        text.Append("schema=").Append(SchemaVersion).Append('\n');
        text.Append("worktree=").Append(location.WorkingDirectory).Append('\n');
        text.Append("gitdir=").Append(location.GitDirectory).Append('\n');
        text.Append("HEAD=").Append(state.HeadContent?.Trim()).Append('\n');
        if (state.ResolvedHead is { } head)
        {
            text.Append("ref=").Append(head.Name).Append(' ').Append(head.ObjectId);
            if (head.LooseFile is not null) text.Append(' ').Append(Stat(head.LooseFile));
            text.Append('\n');
        }
        text.Append("packed-refs=").Append(Stat(Path.Combine(location.CommonDirectory, "packed-refs"))).Append('\n');
        text.Append("index=").Append(Stat(Path.Combine(location.GitDirectory, "index"))).Append('\n');
        text.Append("shallow=").Append(Stat(Path.Combine(location.CommonDirectory, "shallow"))).Append('\n');
        text.Append("config=").Append(Stat(Path.Combine(location.CommonDirectory, "config"))).Append('\n');
        var description = text.ToString();
        return new IdentityStamp(ContentHash.Of(description).ToString(), description);
    }

    /// <summary>Length and last-write time in ticks (full precision, so same-second changes differ), or "-" when absent.</summary>
    private static string Stat(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return "-";
            return string.Create(CultureInfo.InvariantCulture, $"{info.Length}@{info.LastWriteTimeUtc.Ticks}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
