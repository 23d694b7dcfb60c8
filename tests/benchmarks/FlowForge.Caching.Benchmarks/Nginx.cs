using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlowForge.Caching.Benchmarks;

/// <summary>A throwaway nginx WebDAV server on 127.0.0.1 for the remote rows; null when nginx is not installed.</summary>
internal sealed class Nginx : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private Nginx(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Url = $"http://127.0.0.1:{port}/";
    }

    public string Url { get; }

    public static Nginx? TryStart(string folder)
    {
        var nginx = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Concat(["/usr/sbin", "/usr/local/sbin"]).Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists);
        if (nginx is null) return null;
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        bool root = Environment.UserName == "root";
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            {{(root ? "user root;" : "")}}
            daemon off; master_process off; worker_processes 1;
            pid {{folder}}/nginx.pid; error_log {{folder}}/error.log;
            events { worker_connections 128; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body; proxy_temp_path {{folder}}/proxy; fastcgi_temp_path {{folder}}/fcgi;
                uwsgi_temp_path {{folder}}/uwsgi; scgi_temp_path {{folder}}/scgi;
                server {
                    listen 127.0.0.1:{{port}}; root {{folder}}/data;
                    location / { dav_methods PUT DELETE; create_full_put_path on; client_max_body_size 0; dav_access user:rw group:rw all:r; }
                }
            }
            """);
        var info = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log") }) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        for (int i = 0; i < 200; i++)
        {
            try { using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port); return new Nginx(process, folder, port); }
            catch (SocketException) { Thread.Sleep(25); }
        }
        process.Kill();
        return null;
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(); }
        _process.Dispose();
        _ = _folder;
    }
}
