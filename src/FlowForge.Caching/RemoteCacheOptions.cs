namespace FlowForge.Caching;

/// <summary>
/// Settings of the HTTP remote tier. The server speaks the Bazel HTTP cache layout (<c>/cas/{sha256}</c>,
/// <c>/ac/{key}</c>): nginx with WebDAV PUT works as is; bazel-remote must be started with
/// <c>--disable_http_ac_validation</c> (env <c>BAZEL_REMOTE_DISABLE_HTTP_AC_VALIDATION=1</c>), because our /ac/
/// values are FlowForge JSON manifests, not REAPI ActionResult protobufs (see <see cref="HttpRemoteCache"/>).
/// </summary>
public sealed record RemoteCacheOptions
{
    /// <summary>Environment variable holding a bearer token.</summary>
    public const string TokenVariable = "FLOWFORGE_REMOTE_CACHE_TOKEN";
    /// <summary>Environment variable holding the basic-auth user name.</summary>
    public const string UserVariable = "FLOWFORGE_REMOTE_CACHE_USER";
    /// <summary>Environment variable holding the basic-auth password.</summary>
    public const string PasswordVariable = "FLOWFORGE_REMOTE_CACHE_PASSWORD";

    /// <summary>Base URL, without credentials (see <see cref="FromUrl"/>); paths are appended as <c>cas/…</c> and <c>ac/…</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Download only; never PUT (for untrusted builds such as pull requests).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Time allowed to open a TCP connection. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time allowed for response headers, and the longest pause while a body streams. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of transient failures (5xx, 408, 429, connection reset) before the remote is disabled. Default 2.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>First retry delay; doubles per retry. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Concurrent transfers per remote. Default 4.</summary>
    public int MaxParallelTransfers { get; init; } = 4;

    /// <summary>Largest manifest accepted from the server (a guard against a hostile or broken server). Default 4 MiB.</summary>
    public int MaxEntryBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Bearer token (Authorization: Bearer). Never logged.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Basic-auth user. Never logged.</summary>
    public string? UserName { get; init; }

    /// <summary>Basic-auth password. Never logged.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Builds options from a URL and the environment: <c>user:pass@</c> in the URL gives basic auth (and is removed from
    /// <see cref="BaseUrl"/>); otherwise <see cref="TokenVariable"/> gives a bearer token, or <see cref="UserVariable"/>
    /// and <see cref="PasswordVariable"/> basic auth. Returns null with a coded warning when the URL is not absolute http(s).
    /// </summary>
    public static RemoteCacheOptions? FromUrl(string url, bool readOnly, out FlowForge.Core.Diagnostics.Diagnostic? problem,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = FlowForge.Core.Diagnostics.Diagnostic.Warning(CacheDiagnosticCodes.RemoteInvalidUrl,
                $"The remote cache URL '{RemoteCacheUrl.Sanitize(url)}' is not an absolute http(s) URL; the remote cache is off.");
            return null;
        }
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }
        var token = environment(TokenVariable);
        if (user is null && string.IsNullOrEmpty(token))
        {
            user = environment(UserVariable);
            password = environment(PasswordVariable);
        }
        return new RemoteCacheOptions
        {
            BaseUrl = RemoteCacheUrl.WithoutCredentials(uri),
            ReadOnly = readOnly,
            BearerToken = user is null && !string.IsNullOrEmpty(token) ? token : null,
            UserName = string.IsNullOrEmpty(user) ? null : user,
            Password = string.IsNullOrEmpty(user) ? null : password ?? "",
        };
    }
}
