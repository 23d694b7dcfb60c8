using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// Client of an HTTP cache in the Bazel layout: <c>GET/PUT/HEAD {url}/cas/{sha256}</c> for blobs and
/// <c>{url}/ac/{key}</c> for action entries.
/// <para>
/// The <c>/ac/</c> values are FlowForge's own JSON manifests (the same bytes as the local <c>ac/</c> files, with their
/// integrity checksum), not REAPI <c>ActionResult</c> protobufs. Reasons: the manifest carries what ActionResult has no
/// field for (obj/-relative paths with our safety rules, replayed compiler warnings, schema version) and its checksum
/// lets us detect a tampered entry, which a server-re-encoded ActionResult would not. Consequence: bazel-remote, which
/// validates HTTP <c>/ac/</c> uploads as ActionResult by default and answers 400 otherwise, must be started with
/// <c>--disable_http_ac_validation</c> (or <c>BAZEL_REMOTE_DISABLE_HTTP_AC_VALIDATION=1</c>). nginx WebDAV needs nothing.
/// </para>
/// <para>
/// Never throws to callers: every failure is a miss or a skipped upload, plus a coded warning from
/// <see cref="TakeDiagnostics"/>. Transient errors (5xx, 408, 429, connection reset) are retried with backoff; any
/// failure that remains, a refused connection or a timeout opens the circuit for the rest of this object's life, so a
/// dead or slow server costs at most one timeout. Every download is re-hashed. Requests always carry Content-Length.
/// Credentials go only into the Authorization header; messages use the sanitized URL.
/// </para>
/// </summary>
public sealed class HttpRemoteCache : IDisposable
{
    private readonly HttpClient _client;
    private readonly RemoteCircuit _circuit = new();
    private readonly SemaphoreSlim _transfers;
    private readonly ConcurrentQueue<Diagnostic> _diagnostics = new();

    /// <param name="options">Where and how to connect.</param>
    /// <param name="handler">Optional handler (tests); by default a SocketsHttpHandler with the connect timeout.</param>
    public HttpRemoteCache(RemoteCacheOptions options, HttpMessageHandler? handler = null)
    {
        Options = options with { BaseUrl = RemoteCacheUrl.WithoutCredentials(options.BaseUrl) };
        DisplayUrl = RemoteCacheUrl.Sanitize(Options.BaseUrl);
        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None, // bytes must arrive exactly as stored
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false, // a redirect could carry the Authorization header elsewhere
        };
        _client = new HttpClient(handler) { BaseAddress = Options.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(options.BearerToken))
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        else if (!string.IsNullOrEmpty(options.UserName))
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.UserName}:{options.Password}")));
        _transfers = new SemaphoreSlim(Math.Max(1, options.MaxParallelTransfers));
    }

    /// <summary>The options in use (base URL without credentials).</summary>
    public RemoteCacheOptions Options { get; }

    /// <summary>The base URL for messages: no credentials, no query.</summary>
    public string DisplayUrl { get; }

    /// <summary>False once the circuit opened: the remote is off for the rest of this object's life.</summary>
    public bool IsAvailable => !_circuit.IsOpen;

    /// <summary>Warnings collected since the last call (at most one per failure kind that opened the circuit).</summary>
    public IReadOnlyList<Diagnostic> TakeDiagnostics()
    {
        var list = new List<Diagnostic>();
        while (_diagnostics.TryDequeue(out var d)) list.Add(d);
        return list;
    }

    internal static string BlobPath(ContentHash hash) => "cas/" + hash.ToString();
    internal static string EntryPath(ContentHash key) => "ac/" + key.ToString();

    /// <summary>HEAD: true if present, false if 404, null if the remote is unavailable.</summary>
    internal async Task<bool?> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        var (ok, value) = await RunAsync("HEAD", path, async (token, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, path);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            ThrowIfFailed(response, "HEAD", path);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return ok ? value : null;
    }

    /// <summary>GET an action entry's bytes (not yet verified: the caller parses them against the key).</summary>
    internal async Task<(RemoteStatus Status, byte[]? Bytes)> GetEntryAsync(ContentHash key, CancellationToken cancellationToken)
    {
        var path = EntryPath(key);
        var (ok, value) = await RunAsync("GET", path, async (token, keepAlive) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return ((RemoteStatus, byte[]?))(RemoteStatus.NotFound, null);
            ThrowIfFailed(response, "GET", path);
            if (response.Content.Headers.ContentLength > Options.MaxEntryBytes) return (RemoteStatus.Tampered, null);
            using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, token).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                keepAlive(read);
                if (buffer.Length > Options.MaxEntryBytes) return (RemoteStatus.Tampered, null);
            }
            return (RemoteStatus.Found, buffer.ToArray());
        }, cancellationToken).ConfigureAwait(false);
        if (!ok) return (RemoteStatus.Unavailable, null);
        if (value.Item1 == RemoteStatus.Tampered)
            ReportTampered($"The remote cache {DisplayUrl} sent an oversized entry for {key.ToShortString()}; it was rejected.");
        return value;
    }

    /// <summary>
    /// GET a blob into a temp file of <paramref name="local"/>, hashing while it streams. Found means the bytes hash to
    /// <paramref name="hash"/> and <c>Temp</c> holds them; Tampered means they did not (temp deleted, circuit opened).
    /// </summary>
    internal async Task<(RemoteStatus Status, string? Temp, long Length)> DownloadBlobAsync(ContentHash hash, ContentStore local, CancellationToken cancellationToken)
    {
        var path = BlobPath(hash);
        var (ok, value) = await RunAsync("GET", path, async (token, keepAlive) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return ((RemoteStatus, string?, long))(RemoteStatus.NotFound, null, 0);
            ThrowIfFailed(response, "GET", path);
            string? temp = null;
            try
            {
                ContentHash actual;
                long length;
                using (var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false))
                using (var file = local.CreateDownloadTemp(out temp))
                    (actual, length) = await HashingCopy.CopyAsync(body, file, keepAlive, token).ConfigureAwait(false);
                if (actual != hash)
                {
                    local.DeleteTemp(temp);
                    return (RemoteStatus.Tampered, null, length);
                }
                var result = (RemoteStatus.Found, temp, length);
                temp = null;
                return result;
            }
            finally
            {
                if (temp is not null) local.DeleteTemp(temp);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (!ok) return (RemoteStatus.Unavailable, null, 0);
        if (value.Item1 == RemoteStatus.Tampered)
            ReportTampered($"Blob {hash.ToShortString()} downloaded from the remote cache {DisplayUrl} does not hash to its name; it was rejected " +
                "and the remote cache is off for the rest of this build. Check the server and any proxy in between.");
        return value;
    }

    /// <summary>PUT with an explicit Content-Length. <paramref name="content"/> is called once per attempt.</summary>
    internal async Task<bool> PutAsync(string path, Func<(HttpContent Content, long Length)?> content, CancellationToken cancellationToken)
    {
        if (Options.ReadOnly) return false;
        var (ok, value) = await RunAsync("PUT", path, async (token, _) =>
        {
            var made = content();
            if (made is null) return false; // local blob evicted meanwhile: nothing to upload
            using var body = made.Value.Content;
            body.Headers.ContentLength = made.Value.Length;
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = body };
            request.Headers.TransferEncodingChunked = false;
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            ThrowIfFailed(response, "PUT", path);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return ok && value;
    }

    /// <summary>
    /// Bytes a download must deliver to earn another <see cref="RemoteCacheOptions.RequestTimeout"/>. A body that merely
    /// trickles (a few bytes now and then, never pausing for a whole timeout) would otherwise keep a request alive for
    /// ever, once per request: with this floor a stalled or crawling server costs one timeout per build, like a hung one.
    /// </summary>
    internal const int ProgressBytesPerTimeout = 64 * 1024;

    /// <summary>
    /// Runs one request with retries and the circuit breaker. <paramref name="attempt"/> gets a token that fires on the
    /// request timeout or when the circuit opens; its progress callback (bytes received) re-arms the timeout each time
    /// another <see cref="ProgressBytesPerTimeout"/> bytes arrived, so a streaming download may take as long as it keeps
    /// making progress, and a stalled or trickling one ends one timeout after its last real progress.
    /// </summary>
    private async Task<(bool Ok, T Value)> RunAsync<T>(string method, string path, Func<CancellationToken, Action<int>, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var delay = Options.RetryDelay;
        for (int round = 0; ; round++)
        {
            if (_circuit.IsOpen || cancellationToken.IsCancellationRequested) return (false, default!);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_circuit.Token, cancellationToken);
            try
            {
                // Waiting for a transfer slot is not part of the request timeout.
                await _transfers.WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (false, default!);
            }
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_circuit.Token, cancellationToken);
                timeout.CancelAfter(Options.RequestTimeout);
                long sinceRearm = 0;
                void KeepAlive(int bytes)
                {
                    sinceRearm += bytes;
                    if (sinceRearm < ProgressBytesPerTimeout) return;
                    sinceRearm = 0;
                    try { timeout.CancelAfter(Options.RequestTimeout); } catch (ObjectDisposedException) { }
                }
                return (true, await attempt(timeout.Token, KeepAlive).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!_circuit.IsOpen && !cancellationToken.IsCancellationRequested)
            {
                Trip(CacheDiagnosticCodes.RemoteUnreachable,
                    $"The remote cache {DisplayUrl} did not answer {method} within {Options.RequestTimeout.TotalSeconds:0.#} s; it is off for the rest of this build.");
                return (false, default!);
            }
            catch (OperationCanceledException)
            {
                return (false, default!);
            }
            catch (RemoteStatusException e) when (!(e.Transient && round < Options.MaxRetries))
            {
                Trip(CacheDiagnosticCodes.RemoteError, StatusMessage(e));
                return (false, default!);
            }
            catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                                                     or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError || round >= Options.MaxRetries)
            {
                Trip(CacheDiagnosticCodes.RemoteUnreachable,
                    $"The remote cache {DisplayUrl} is unreachable ({e.Message}); it is off for the rest of this build.");
                return (false, default!);
            }
            catch (IOException e) when (round >= Options.MaxRetries)
            {
                Trip(CacheDiagnosticCodes.RemoteUnreachable,
                    $"The connection to the remote cache {DisplayUrl} kept failing ({e.Message}); it is off for the rest of this build.");
                return (false, default!);
            }
            catch (Exception e) when (e is RemoteStatusException or HttpRequestException or IOException)
            {
                // Transient (5xx, reset): retry after a backoff.
            }
            finally
            {
                _transfers.Release();
            }
            try
            {
                await Task.Delay(delay, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (false, default!);
            }
            delay *= 2;
        }
    }

    private static void ThrowIfFailed(HttpResponseMessage response, string method, string path)
    {
        if (!response.IsSuccessStatusCode) throw new RemoteStatusException((int)response.StatusCode, method, path);
    }

    private string StatusMessage(RemoteStatusException e)
    {
        var start = $"The remote cache {DisplayUrl} answered HTTP {e.Status} to {e.Method} {e.RelativePath[..Math.Min(e.RelativePath.Length, 15)]}…";
        return e.Status switch
        {
            401 or 403 => $"{start}: the credentials were rejected or are missing. Set {RemoteCacheOptions.TokenVariable}, or " +
                          $"{RemoteCacheOptions.UserVariable}/{RemoteCacheOptions.PasswordVariable}; use read-only mode where uploads are not allowed. The remote cache is off for the rest of this build.",
            400 when e.Method == "PUT" && e.RelativePath.StartsWith("ac/", StringComparison.Ordinal) =>
                $"{start}: the server refused the entry. bazel-remote validates /ac/ uploads as ActionResult: start it with --disable_http_ac_validation. The remote cache is off for the rest of this build.",
            _ => $"{start}; the remote cache is off for the rest of this build.",
        };
    }

    private void Trip(string code, string message)
    {
        var first = _circuit.Trip(Diagnostic.Warning(code, message));
        if (first is not null) _diagnostics.Enqueue(first);
    }

    private void ReportTampered(string message) => Distrust(Diagnostic.Warning(CacheDiagnosticCodes.RemoteTampered, message));

    /// <summary>
    /// Something downloaded was broken or tampered with (a blob not hashing to its name, an entry failing its checksum, a
    /// chunk list or manifest giving wrong sizes): the server, or something between, cannot be trusted for the rest of
    /// the build, so the remote goes off (transfers in flight are cancelled). The warning is reported even if the circuit
    /// was already open for another reason: it is a security finding.
    /// </summary>
    internal void Distrust(Diagnostic warning)
    {
        _circuit.Trip(warning);
        _diagnostics.Enqueue(warning);
    }

    public void Dispose()
    {
        _client.Dispose();
        _transfers.Dispose();
    }
}
