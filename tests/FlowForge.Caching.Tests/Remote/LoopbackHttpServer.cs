using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>A request seen by <see cref="LoopbackHttpServer"/>.</summary>
public sealed record SeenRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>A response to send back, optionally misbehaving: sent late, trickled, or stopped in the middle of the body.</summary>
public sealed record CannedResponse(int Status, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Wait this long before sending anything (a slow server).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Send only this many body bytes (after the full headers), then hold the connection open without a word.</summary>
    public int? StallAfterBytes { get; init; }

    /// <summary>Send the body <see cref="TrickleBytes"/> at a time, this far apart (one byte: a server that never pauses
    /// long, but never gets anywhere).</summary>
    public TimeSpan TrickleInterval { get; init; }

    /// <summary>Bytes per trickled piece.</summary>
    public int TrickleBytes { get; init; } = 1;
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for fault tests: each connection gets one request, one response, then close.
/// The handler decides the answer (500s, a proxy to nginx that flips bytes, or never answering at all).
/// Records every request so tests can assert on methods and headers (Content-Length, Authorization).
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<SeenRequest, Task<CannedResponse?>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private readonly object _gate = new();

    public LoopbackHttpServer(Func<SeenRequest, Task<CannedResponse?>> handler)
    {
        _handler = handler;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    public List<SeenRequest> Requests { get; } = [];

    public SeenRequest[] Snapshot() { lock (_gate) return Requests.ToArray(); }

    /// <summary>Answers 500 to everything.</summary>
    public static LoopbackHttpServer Failing(int status = 500) =>
        new(_ => Task.FromResult<CannedResponse?>(new CannedResponse(status, Encoding.ASCII.GetBytes("boom"))));

    /// <summary>Accepts connections and reads requests but never answers (a hung server).</summary>
    public static LoopbackHttpServer BlackHole() => new(_ => Task.FromResult<CannedResponse?>(null));

    /// <summary>Forwards to <paramref name="target"/>; <paramref name="transform"/> may alter the response.</summary>
    public static LoopbackHttpServer Proxy(string target, Func<SeenRequest, CannedResponse, CannedResponse>? transform = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(target) };
        return new LoopbackHttpServer(async request =>
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.TrimStart('/'));
            if (request.Method is "PUT" or "POST")
            {
                message.Content = new ByteArrayContent(request.Body);
                message.Content.Headers.ContentLength = request.Body.Length;
            }
            using var response = await client.SendAsync(message);
            var body = request.Method == "HEAD" ? [] : await response.Content.ReadAsByteArrayAsync();
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (request.Method == "HEAD" && response.Content.Headers.ContentLength is long length) headers["Content-Length"] = length.ToString();
            var canned = new CannedResponse((int)response.StatusCode, body, headers);
            return transform is null ? canned : transform(request, canned);
        });
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var request = await ReadRequest(stream);
            if (request is null) { client.Dispose(); return; }
            lock (_gate) Requests.Add(request);
            var response = await _handler(request);
            if (response is null)
            {
                lock (_gate) _held.Add(client); // never answer; closed on dispose
                return;
            }
            if (response.Delay > TimeSpan.Zero) await Task.Delay(response.Delay, _stop.Token);
            var head = new StringBuilder();
            head.Append($"HTTP/1.1 {response.Status} X\r\nConnection: close\r\n");
            var headers = new Dictionary<string, string>(response.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
            if (!headers.ContainsKey("Content-Length")) headers["Content-Length"] = response.Body.Length.ToString();
            foreach (var (name, value) in headers) head.Append($"{name}: {value}\r\n");
            head.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            var body = request.Method == "HEAD" ? [] : response.Body;
            if (response.StallAfterBytes is int sent)
            {
                await stream.WriteAsync(body.AsMemory(0, Math.Min(sent, body.Length)));
                await stream.FlushAsync();
                lock (_gate) _held.Add(client); // the rest never comes; closed on dispose
                return;
            }
            if (response.TrickleInterval > TimeSpan.Zero)
            {
                for (int i = 0; i < body.Length; i += response.TrickleBytes)
                {
                    await stream.WriteAsync(body.AsMemory(i, Math.Min(response.TrickleBytes, body.Length - i)), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    await Task.Delay(response.TrickleInterval, _stop.Token);
                }
            }
            else await stream.WriteAsync(body);
            await stream.FlushAsync();
            client.Dispose();
        }
        catch (Exception)
        {
            client.Dispose();
        }
    }

    private static async Task<SeenRequest?> ReadRequest(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            buffer.Add(one[0]);
            int n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n') break;
            if (n > 64 * 1024) return null;
        }
        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n");
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var lengthText) && int.TryParse(lengthText, out var length) && length > 0)
        {
            body = new byte[length];
            await stream.ReadExactlyAsync(body);
        }
        return new SeenRequest(parts[0], parts.Length > 1 ? parts[1] : "/", headers, body);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_gate) foreach (var client in _held) client.Dispose();
    }
}
