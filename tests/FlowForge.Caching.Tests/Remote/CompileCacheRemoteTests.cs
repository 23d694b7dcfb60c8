using System.Diagnostics;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>The facade with a remote: clone to clone through a real nginx, dead servers, pull-request builds.</summary>
public class CompileCacheRemoteTests : RemoteTestBase
{
    private static readonly CompilerDiagnostic[] Warnings =
        [new("CS0219", CompilerDiagnosticSeverity.Warning, "The variable 'y' is assigned but its value is never used", "Program.cs", 8, 19, 8, 29)];

    private CompileCacheSettings Settings(string root, string? url, double timeoutSeconds = 5, bool remoteReadOnly = false) => new()
    {
        Root = Temp.Combine(root),
        RemoteUrl = url,
        RemoteReadOnly = remoteReadOnly,
        RemoteConnectTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        RemoteReadTimeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    [Fact]
    public void A_clone_with_an_empty_local_cache_restores_from_the_remote()
    {
        using var nginx = NginxServer.Start();
        var obj1 = Temp.Combine("clone1", "obj");
        var expected = Outputs.Write(obj1, 1);
        using (var ci = CompileCache.Open(Settings("cache1", nginx.Url), _ => null))
        {
            var stored = ci.Store(Outputs.Key("app"), obj1, Outputs.TypicalNames, Warnings, TimeSpan.FromSeconds(2));
            Assert.True(stored.Stored);
            Assert.Equal((5, true), (stored.BlobsUploaded, stored.EntryUploaded));
            Assert.Equal(expected.Values.Sum(b => (long)b.Length), stored.BytesUploaded);
            Assert.Empty(stored.Problems);
        }

        using var laptop = CompileCache.Open(Settings("cache2", nginx.Url), _ => null);
        var obj2 = Temp.Combine("clone2", "obj");
        var restored = laptop.TryRestore(Outputs.Key("app"), obj2, Outputs.TypicalNames);
        Assert.True(restored.Hit);
        Assert.Equal(CacheTier.Remote, restored.Source);
        Assert.Equal("remote", restored.SourceName);
        Assert.Equal(Warnings, restored.CompilerDiagnostics);
        Assert.Equal(TimeSpan.FromSeconds(2), restored.SavedCompileTime);
        Assert.Empty(restored.Problems);
        Outputs.AssertRestored(obj2, expected);
        Assert.Equal(1, laptop.Local!.EntryCount); // the remote hit filled the local cache
    }

    [Fact]
    public void A_local_only_store_never_reaches_the_remote()
    {
        using var nginx = NginxServer.Start();
        var obj1 = Temp.Combine("clone1", "obj");
        var expected = Outputs.Write(obj1, 1);
        using (var developer = CompileCache.Open(Settings("cache1", nginx.Url), _ => null))
        {
            var stored = developer.Store(Outputs.Key("nondeterministic"), obj1, Outputs.TypicalNames, [], TimeSpan.FromSeconds(1), uploadToRemote: false);
            Assert.True(stored.Stored);
            Assert.Equal((0, 0L, false), (stored.BlobsUploaded, stored.BytesUploaded, stored.EntryUploaded));
            // The same machine restores it from its own cache.
            var obj2 = Temp.Combine("clone1b", "obj");
            var local = developer.TryRestore(Outputs.Key("nondeterministic"), obj2, Outputs.TypicalNames);
            Assert.True(local.Hit);
            Outputs.AssertRestored(obj2, expected);
        }

        // Another machine finds nothing on the server.
        using var other = CompileCache.Open(Settings("cache2", nginx.Url), _ => null);
        var restored = other.TryRestore(Outputs.Key("nondeterministic"), Temp.Combine("clone2", "obj"), Outputs.TypicalNames);
        Assert.False(restored.Hit);
    }

    [Fact]
    public void A_hung_remote_costs_one_timeout_and_one_warning_for_a_whole_build()
    {
        using var hung = LoopbackHttpServer.BlackHole();
        const double timeout = 1.5;
        using var cache = CompileCache.Open(Settings("cache", hung.Url, timeout), _ => null);
        var problems = new List<Diagnostic>();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 20; i++)
        {
            var obj = Temp.Combine("p" + i, "obj");
            var restored = cache.TryRestore(Outputs.Key("p" + i), obj, Outputs.TypicalNames);
            Assert.False(restored.Hit);
            problems.AddRange(restored.Problems);
            if (i % 5 == 0)
            {
                Outputs.Write(obj, i);
                var stored = cache.Store(Outputs.Key("p" + i), obj, Outputs.TypicalNames, [], TimeSpan.Zero);
                Assert.True(stored.Stored); // the local cache keeps working
                problems.AddRange(stored.Problems);
            }
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2 * timeout + 1), $"the build's cache calls took {watch.Elapsed}");
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
        Assert.False(cache.RemoteAvailable);
        Assert.Single(hung.Snapshot());
    }

    [Fact]
    public void Server_down_from_the_start_costs_one_warning()
    {
        using var cache = CompileCache.Open(Settings("cache", $"http://127.0.0.1:{NginxServer.FreePort()}/", 2), _ => null);
        var problems = Enumerable.Range(0, 10).SelectMany(i => cache.TryRestore(Outputs.Key("k" + i), Temp.Combine("obj"), Outputs.TypicalNames).Problems).ToList();
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
    }

    [Fact]
    public void Tampered_blobs_from_the_remote_are_rejected_with_FF2011_and_the_compile_runs()
    {
        using var nginx = NginxServer.Start();
        var obj = Temp.Combine("obj");
        Outputs.Write(obj, 3);
        using (var ci = CompileCache.Open(Settings("cache1", nginx.Url), _ => null))
            Assert.True(ci.Store(Outputs.Key("app"), obj, Outputs.TypicalNames, [], TimeSpan.Zero).EntryUploaded);

        using var tampering = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
        {
            if (!request.Path.StartsWith("/cas/") || response.Body.Length == 0) return response;
            var body = (byte[])response.Body.Clone();
            body[body.Length / 3] ^= 0x01;
            return response with { Body = body };
        });
        using var victim = CompileCache.Open(Settings("cache2", tampering.Url), _ => null);
        var target = Temp.Combine("victim-obj");
        var restored = victim.TryRestore(Outputs.Key("app"), target, Outputs.TypicalNames);
        Assert.False(restored.Hit);
        Assert.Contains(restored.Problems, p => p.Code == CacheDiagnosticCodes.RemoteTampered);
        Assert.False(Directory.Exists(target) && Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Any());
        Assert.Equal(0, victim.Local!.EntryCount);
    }

    [Fact]
    public void A_pull_request_build_downloads_but_never_uploads_and_says_why()
    {
        using var nginx = NginxServer.Start();
        using var proxy = LoopbackHttpServer.Proxy(nginx.Url);
        Func<string, string?> env = n => n switch { "GITHUB_EVENT_NAME" => "pull_request", "FLOWFORGE_REMOTE_CACHE_TOKEN" => "tok-secret", _ => null };
        var settings = CompileCacheSettings.From(FlowForge.Config.FlowForgeSettings.FromValues(p => p switch
        {
            "FlowForgeCacheRoot" => Temp.Combine("pr-cache"),
            "FlowForgeRemoteCacheUrl" => proxy.Url,
            _ => null,
        }), env);
        Assert.True(settings.RemoteReadOnly);

        using var cache = CompileCache.Open(settings, env);
        var notice = Assert.Single(cache.OpenDiagnostics);
        Assert.Equal((CacheDiagnosticCodes.RemoteReadOnlyForPullRequest, DiagnosticSeverity.Message), (notice.Code, notice.Severity));
        Assert.Contains("GITHUB_EVENT_NAME=pull_request", notice.Message);

        var obj = Temp.Combine("obj");
        Outputs.Write(obj, 8);
        var stored = cache.Store(Outputs.Key("pr"), obj, Outputs.TypicalNames, [], TimeSpan.Zero);
        Assert.True(stored.Stored);
        Assert.False(stored.EntryUploaded);
        cache.TryRestore(Outputs.Key("elsewhere"), Temp.Combine("o"), Outputs.TypicalNames);
        var requests = proxy.Snapshot();
        Assert.NotEmpty(requests);
        Assert.DoesNotContain(requests, r => r.Method is "PUT" or "DELETE");
        Assert.All(requests, r => Assert.Equal("Bearer tok-secret", r.Headers["Authorization"]));
        Assert.DoesNotContain("tok-secret", string.Join("\n", cache.OpenDiagnostics.Select(d => d.Message)) + cache.Settings.SharingKey + cache.RemoteDisplayUrl);
    }

    [Fact]
    public void Uploads_use_at_most_the_configured_number_of_parallel_transfers()
    {
        int inFlight = 0, peak = 0;
        using var server = new LoopbackHttpServer(async request =>
        {
            var now = Interlocked.Increment(ref inFlight);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
            await Task.Delay(150);
            Interlocked.Decrement(ref inFlight);
            return request.Method == "HEAD"
                ? new CannedResponse(404, [])
                : new CannedResponse(request.Method == "PUT" ? 201 : 404, []);
        });
        using var cache = new TieredCache(ContentStore.Open(Temp.Combine("c")),
            new HttpRemoteCache(Options(server.Url) with { MaxParallelTransfers = 2 }));
        var obj = Temp.Combine("obj");
        var names = Enumerable.Range(0, 8).Select(i => $"f{i}.bin").ToArray();
        Outputs.Write(obj, 9, names);
        var stored = cache.Store(Outputs.Key("wide"), obj, names, []);
        Assert.Equal(8, stored.BlobsUploaded);
        Assert.True(stored.EntryUploaded);
        Assert.Equal(2, peak);
        var requests = server.Snapshot();
        Assert.Equal(9, requests.Count(r => r.Method == "PUT"));
        Assert.Equal(9, requests.Count(r => r.Method == "HEAD")); // the entry, then each blob: only missing blobs are sent
    }
}
