using FlowForge.Caching.Tests.Remote;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Issue 20: real builds against a remote that answers each request after 10 s, and one that stops in the middle of the
/// build. Each build succeeds with the bytes of a clean build, and the remote costs at most one read timeout per
/// MSBuild node (the circuit breaker is shared by the projects a node builds), never one per request or project.
/// </summary>
public sealed class RemoteFaultBuildTests : IDisposable
{
    private static readonly string[] All =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    private static readonly string[] Assemblies = All.Select(p => $"{p}/bin/Debug/net10.0/{p}.dll").ToArray();

    /// <summary>Read timeout of the faulty builds; the slow server needs 10 s, so every request it gets times out.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private const int Nodes = 2;

    private readonly List<string> _cacheRoots = [];

    public void Dispose()
    {
        foreach (var root in _cacheRoots)
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A clone in its own folder with its own, empty local cache, using <paramref name="remoteUrl"/>.</summary>
    private SampleWorkspace Clone(string remoteUrl)
    {
        var cacheRoot = SampleWorkspace.NewCacheRootPath();
        _cacheRoots.Add(cacheRoot);
        var ws = new SampleWorkspace("Layered", cacheRoot).AsLocalBuild();
        ws.Environment["FLOWFORGE_REMOTE_CACHE_URL"] = remoteUrl;
        return ws.CommitAsFreshClone();
    }

    private static BuildResult FaultyBuild(SampleWorkspace ws) =>
        ws.BuildSucceeded($"-m:{Nodes}", $"-p:FlowForgeRemoteCacheReadTimeout={(int)ReadTimeout.TotalMilliseconds}ms");

    /// <summary>What FlowForge's cache steps took in the whole build (lookups, restores, stores, uploads), from the records.</summary>
    private static TimeSpan CacheTime(SampleWorkspace ws) =>
        TimeSpan.FromMilliseconds(All.Sum(p => ws.Record(p).Cache?.CacheMs ?? 0));

    private static void AssertSameAssemblies(SampleWorkspace expected, SampleWorkspace actual)
    {
        foreach (var assembly in Assemblies)
            Assert.True(File.ReadAllBytes(expected.PathOf(assembly)).AsSpan().SequenceEqual(File.ReadAllBytes(actual.PathOf(assembly))),
                $"{assembly} differs from the clean build's");
    }

    [Fact]
    public void ASlowRemoteAndOneThatStopsMidBuildCostAtMostOneTimeoutPerNodeAndTheAssembliesAreRight()
    {
        using var nginx = NginxServer.Start();
        using var clean = Clone(nginx.Url);
        clean.BuildSucceeded();
        Assert.All(All, p => Assert.Equal("stored", clean.Record(p).Cache!.Result));

        // Every answer comes after 10 s: each node times out once, then builds without the remote.
        using (var slow = LoopbackHttpServer.Proxy(nginx.Url, (_, response) => response with { Delay = TimeSpan.FromSeconds(10) }))
        {
            using var ws = Clone(slow.Url);
            var build = FaultyBuild(ws);
            Assert.Equal(All, CompileRuns.Read(build.Binlog));
            var timeouts = build.WarningCodes().Count(c => c == "FF2010");
            Assert.InRange(timeouts, 1, Nodes);
            Assert.Equal(build.WarningCodes().Count(), timeouts);
            Assert.True(slow.Snapshot().Length <= Nodes, $"{slow.Snapshot().Length} requests reached the slow server");
            Assert.True(CacheTime(ws) < timeouts * ReadTimeout + TimeSpan.FromSeconds(2), $"the cache steps took {CacheTime(ws)} for {timeouts} timeout(s)");
            AssertSameAssemblies(clean, ws);
        }

        // The server goes away after a few requests (in the middle of the first restores): connections are refused
        // from then on, the remote goes off at once, and what was not restored compiles.
        int served = 0;
        LoopbackHttpServer? dying = null;
        dying = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
        {
            if (Interlocked.Increment(ref served) == 6) _ = Task.Run(() => dying!.Dispose());
            return response;
        });
        using (dying)
        {
            using var ws = Clone(dying.Url);
            var build = FaultyBuild(ws);
            var compiled = CompileRuns.Read(build.Binlog);
            Assert.NotEmpty(compiled);
            Assert.InRange(build.WarningCodes().Count(c => c == "FF2010"), 1, Nodes);
            Assert.All(build.WarningCodes(), c => Assert.Equal("FF2010", c));
            Assert.True(CacheTime(ws) < ReadTimeout + TimeSpan.FromSeconds(1), $"the cache steps took {CacheTime(ws)} although the server refused at once");
            AssertSameAssemblies(clean, ws);
        }
    }
}
