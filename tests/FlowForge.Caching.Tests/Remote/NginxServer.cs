using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>
/// A real nginx with WebDAV PUT on 127.0.0.1, configured in a temp folder — the same server shape as a team's cache.
/// Fails loudly when nginx is not installed (CI installs it: <c>apt-get install -y nginx</c>).
/// </summary>
public sealed class NginxServer : IDisposable
{
    private readonly TempDirectory _folder = new();
    private Process? _process;

    private NginxServer() { }

    public int Port { get; private set; }
    public string Url => $"http://127.0.0.1:{Port}/";
    public string DataRoot => _folder.Combine("data");
    public string AccessLog => _folder.Combine("access.log");

    public static NginxServer Start()
    {
        var server = new NginxServer();
        try
        {
            server.Launch();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public static string FindNginx()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/bin"]) // sbin is often not on a non-root PATH
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "nginx.exe" : "nginx"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "nginx is not installed, and the remote cache tests run against a real nginx WebDAV server. " +
                "Install it (Debian/Ubuntu: apt-get install -y nginx; CI does this) and run the tests again.");
    }

    private void Launch()
    {
        var nginx = FindNginx();
        Directory.CreateDirectory(DataRoot);
        Directory.CreateDirectory(_folder.Combine("logs"));
        Port = FreePort();
        var f = _folder.Path;
        bool root = !OperatingSystem.IsWindows() && Environment.UserName == "root";
        File.WriteAllText(_folder.Combine("nginx.conf"), $$"""
            {{(root ? "user root;" : "")}}
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{f}}/nginx.pid;
            error_log {{f}}/error.log info;
            events { worker_connections 128; }
            http {
                access_log {{f}}/access.log;
                client_body_temp_path {{f}}/client_body;
                proxy_temp_path {{f}}/proxy;
                fastcgi_temp_path {{f}}/fastcgi;
                uwsgi_temp_path {{f}}/uwsgi;
                scgi_temp_path {{f}}/scgi;
                server {
                    listen 127.0.0.1:{{Port}};
                    root {{DataRoot}};
                    location / {
                        dav_methods PUT DELETE;
                        create_full_put_path on;
                        client_max_body_size 0;
                        dav_access user:rw group:rw all:r;
                    }
                }
            }
            """);
        var info = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", f, "-c", _folder.Combine("nginx.conf"), "-e", _folder.Combine("error.log") }) info.ArgumentList.Add(arg);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {ReadErrorLog()}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"nginx did not listen on port {Port} within 10 s: {ReadErrorLog()}");
    }

    private string ReadErrorLog()
    {
        try { return File.ReadAllText(_folder.Combine("error.log")); } catch (IOException) { return "(no error log)"; }
    }

    /// <summary>Stops the server abruptly (the "server died mid-build" case).</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        _folder.Dispose();
    }
}
