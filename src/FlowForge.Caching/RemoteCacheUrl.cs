namespace FlowForge.Caching;

/// <summary>URL handling for the remote tier: credentials never reach a message, a log or a header other than Authorization.</summary>
public static class RemoteCacheUrl
{
    /// <summary>The URL with user info and query removed, for messages. Works on unparsable input too.</summary>
    public static string Sanitize(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri)) return Sanitize(uri);
        int at = url.LastIndexOf('@');
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        var text = at >= 0 ? (scheme >= 0 && scheme < at ? url[..(scheme + 3)] : "") + url[(at + 1)..] : url;
        int query = text.IndexOf('?');
        return query >= 0 ? text[..query] : text;
    }

    /// <summary>True when <paramref name="url"/> carries user info (a user name or password before '@').</summary>
    public static bool HasCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;

    /// <summary>Scheme, host, port and path only.</summary>
    public static string Sanitize(Uri uri) => uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URL)";

    /// <summary>The URL without user info and query, ending in '/', so relative paths append to it.</summary>
    public static Uri WithoutCredentials(Uri uri)
    {
        var builder = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" };
        if (!builder.Path.EndsWith('/')) builder.Path += "/";
        return builder.Uri;
    }
}
