namespace FlowForge.Git;

/// <summary>Makes remote URLs safe to stamp into binaries and logs.</summary>
public static class RemoteUrl
{
    /// <summary>
    /// Removes credentials: <c>https://user:token@host/x</c> → <c>https://host/x</c>. For http(s) and other
    /// schemes the whole user part goes, because CI systems put tokens in the user name alone
    /// (<c>https://ghp_xxx@github.com/…</c>, <c>https://x-access-token:…@…</c>). For ssh the user name is
    /// an account name (usually "git") that SourceLink-style consumers need, so only a password is removed.
    /// scp-like addresses (<c>git@host:path</c>) and local paths are returned unchanged.
    /// </summary>
    public static string Sanitize(string url)
    {
        var trimmed = url.Trim();
        int schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return trimmed;
        var scheme = trimmed[..schemeEnd];
        int authorityStart = schemeEnd + 3;
        int authorityEnd = trimmed.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = trimmed.Length;
        var authority = trimmed[authorityStart..authorityEnd];
        // The last '@' separates user info from the host; tokens may contain '@' only percent-encoded, but be safe.
        int at = authority.LastIndexOf('@');
        if (at < 0) return trimmed;

        var userInfo = authority[..at];
        var host = authority[(at + 1)..];
        string keptUser = "";
        if (scheme.Equals("ssh", StringComparison.OrdinalIgnoreCase) || scheme.Equals("git+ssh", StringComparison.OrdinalIgnoreCase) || scheme.Equals("ssh+git", StringComparison.OrdinalIgnoreCase))
        {
            int colon = userInfo.IndexOf(':');
            keptUser = (colon < 0 ? userInfo : userInfo[..colon]) + "@";
        }
        return trimmed[..authorityStart] + keptUser + host + trimmed[authorityEnd..];
    }
}
