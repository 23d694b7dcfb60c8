using System.Diagnostics;
using System.Text.Json;
using FlowForge.Caching;
using FlowForge.Caching.Tests.Remote;
using FlowForge.Core.Hashing;
using FlowForge.EndToEnd.Tests.Infrastructure;
using FlowForge.Tool.Commands;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Issue 23, with real builds: the outputs of a compile are stored and uploaded by a background writer while the build
/// goes on, and the end of the build waits for it. Faults: the build SIGKILLed while its uploads are queued, the remote
/// dying while the writer drains, two builds draining into one local cache and one remote at once. After each, every
/// later build is correct (the assemblies of a clean build) and `dotnet flowforge cache verify` is clean.
/// </summary>
public sealed class BackgroundWriterBuildTests : IDisposable
{
    private static readonly string[] All =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    private static readonly string[] Assemblies = All.Select(p => $"{p}/bin/Debug/net10.0/{p}.dll").ToArray();

    private readonly List<string> _cacheRoots = [];
    private readonly List<SampleWorkspace> _workspaces = [];

    public void Dispose()
    {
        foreach (var ws in _workspaces) ws.Dispose();
        foreach (var root in _cacheRoots)
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string NewCacheRoot()
    {
        var root = SampleWorkspace.NewCacheRootPath();
        _cacheRoots.Add(root);
        return root;
    }

    /// <summary>A clone in its own folder using <paramref name="cacheRoot"/> (default: its own, empty) and the remote.</summary>
    private SampleWorkspace Clone(string? remoteUrl, string? cacheRoot = null)
    {
        var ws = new SampleWorkspace("Layered", cacheRoot ?? NewCacheRoot()).AsLocalBuild();
        _workspaces.Add(ws);
        ws.Environment["FLOWFORGE_REMOTE_CACHE_URL"] = remoteUrl;
        return ws.CommitAsFreshClone();
    }

    /// <summary>A clean build (its own empty cache, no remote, everything compiled): the assemblies every other build
    /// must produce. The cache stays on: it maps the checkout root (PathMap), which is what makes clones comparable.</summary>
    private SampleWorkspace Reference()
    {
        var ws = Clone(null);
        var build = ws.BuildSucceeded("-m:2");
        Assert.Equal(All, CompileRuns.Read(build.Binlog));
        return ws;
    }

    private static void AssertSameAssemblies(SampleWorkspace expected, SampleWorkspace actual)
    {
        foreach (var assembly in Assemblies)
            Assert.True(File.ReadAllBytes(expected.PathOf(assembly)).AsSpan().SequenceEqual(File.ReadAllBytes(actual.PathOf(assembly))),
                $"{assembly} differs from the clean build's");
    }

    /// <summary>`dotnet flowforge cache verify --json` on the cache root: exit code 0, nothing corrupt or dangling.</summary>
    private static void AssertVerifyClean(string cacheRoot)
    {
        var output = new StringWriter();
        var code = CacheCommands.Verify(new CacheCommands.Options(cacheRoot, Json: true, output, new StringWriter()));
        Assert.True(code == 0, $"cache verify exited {code}:\n{output}");
        using var json = JsonDocument.Parse(output.ToString());
        var r = json.RootElement;
        Assert.True(r.GetProperty("healthy").GetBoolean(), output.ToString());
        Assert.Equal(0, r.GetProperty("danglingEntries").GetInt32());
        Assert.Equal(0, r.GetProperty("problems").GetArrayLength());
    }

    /// <summary>Every entry the server holds names only blobs it holds: no partial entry is visible remotely.</summary>
    private static int AssertRemoteEntriesComplete(NginxServer nginx)
    {
        var ac = Path.Combine(nginx.DataRoot, "ac");
        if (!Directory.Exists(ac)) return 0;
        int entries = 0;
        foreach (var file in Directory.EnumerateFiles(ac))
        {
            var key = ContentHash.Parse(Path.GetFileName(file));
            var entry = ActionEntrySerializer.TryParse(File.ReadAllBytes(file), key, out _, out var reason);
            Assert.True(entry is not null, $"remote entry {key.ToShortString()} is unreadable: {reason}");
            foreach (var output in entry!.Files)
                Assert.True(File.Exists(Path.Combine(nginx.DataRoot, "cas", output.Hash.ToString())),
                    $"remote entry {key.ToShortString()} names {output.RelativePath}, whose blob the server lacks");
            entries++;
        }
        return entries;
    }

    [Fact]
    public void AFirstBuildStoresEveryCompileInTheBackgroundAndACloneWithAnEmptyCacheRestoresThemAllFromTheRemote()
    {
        using var nginx = NginxServer.Start();
        var first = Clone(nginx.Url);
        var build = first.BuildSucceeded("-m:2");
        Assert.Empty(build.WarningCodes());
        foreach (var project in All)
        {
            var cache = first.Record(project).Cache!;
            Assert.Equal("stored", cache.Result);
            Assert.True(cache.BytesStored > 0 && cache.BytesUploaded > 0, project);
            Assert.NotNull(cache.StoreMs);
        }
        // One line per node that still had stores when the build ended (possibly none: the writer may have been done).
        var drains = WriterLog.Read(first.CacheRoot);
        Assert.All(drains, d => Assert.True(d.Code is null && d.Dropped == 0 && d.Finished == d.Stores, $"{d}"));
        Assert.Equal(6, AssertRemoteEntriesComplete(nginx));
        AssertVerifyClean(first.CacheRoot);

        var second = Clone(nginx.Url);
        var restored = second.BuildSucceeded("-m:2");
        Assert.Empty(CompileRuns.Read(restored.Binlog));
        Assert.All(All, p => Assert.Equal("remote", second.Record(p).Cache!.Source));
        AssertSameAssemblies(first, second);
    }

    [Fact]
    public async Task ABuildKilledWhileItsUploadsAreQueuedLeavesNoPartialEntryAndTheNextBuildIsCorrect()
    {
        using var nginx = NginxServer.Start();
        var reference = Reference();

        // A remote that answers lookups (from nginx) but never a PUT: every upload hangs, so stores pile up in the writers.
        var putSeen = new TaskCompletionSource();
        using var holding = new LoopbackHttpServer(async request =>
        {
            if (request.Method == "PUT")
            {
                putSeen.TrySetResult();
                return null;
            }
            using var client = new HttpClient { BaseAddress = new Uri(nginx.Url) };
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.TrimStart('/'));
            using var response = await client.SendAsync(message);
            var body = request.Method == "HEAD" ? [] : await response.Content.ReadAsByteArrayAsync();
            return new CannedResponse((int)response.StatusCode, body);
        });

        var ws = Clone(holding.Url);
        var restore = ProcessRunner.Run("dotnet", ["restore", "-nologo"], ws.Root, ws.Environment);
        Assert.True(restore.Succeeded, restore.Output);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ws.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", "--no-restore", "-nologo", "-tl:off", "-m:2", "-p:FlowForgeRemoteCacheReadTimeout=120s" })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in ws.Environment)
            if (value is null) start.Environment.Remove(key); else start.Environment[key] = value;
        using (var build = Process.Start(start)!)
        {
            build.BeginOutputReadLine();
            build.BeginErrorReadLine();
            var first = await Task.WhenAny(putSeen.Task, build.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(5)));
            Assert.True(first == putSeen.Task, "the build never started an upload");
            // Let a few more compiles hand their outputs over, then kill the build and all its nodes (SIGKILL: no cleanup runs).
            await Task.Delay(TimeSpan.FromSeconds(2));
            build.Kill(entireProcessTree: true);
            await build.WaitForExitAsync();
        }
        Assert.Equal(0, AssertRemoteEntriesComplete(nginx)); // no PUT got through: the remote has no entry at all
        AssertVerifyClean(ws.CacheRoot);

        // The next build of the same clone, with the real remote: correct, and it fills the remote with whole entries.
        ws.Environment["FLOWFORGE_REMOTE_CACHE_URL"] = nginx.Url;
        ws.BuildSucceeded("-m:2");
        AssertSameAssemblies(reference, ws);
        AssertVerifyClean(ws.CacheRoot);
        AssertRemoteEntriesComplete(nginx);

        // And a clone that takes whatever the caches hold gets the same bytes.
        var other = Clone(nginx.Url, ws.CacheRoot);
        other.BuildSucceeded("-m:2");
        AssertSameAssemblies(reference, other);
        AssertVerifyClean(ws.CacheRoot);
    }

    [Fact]
    public void TheRemoteDyingWhileTheWriterDrainsCostsOneWarningPerNodeAndLaterBuildsAreCorrect()
    {
        using var nginx = NginxServer.Start();
        var reference = Reference();
        int puts = 0;
        LoopbackHttpServer? dying = null;
        dying = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
        {
            // The server goes away a few uploads in: connections are refused from then on.
            if (request.Method == "PUT" && Interlocked.Increment(ref puts) == 3) _ = Task.Run(() => dying!.Dispose());
            return response;
        });
        var ws = Clone(dying.Url);
        var watch = Stopwatch.StartNew();
        using (dying)
        {
            var build = ws.BuildSucceeded("-m:2", "-p:FlowForgeRemoteCacheReadTimeout=5s");
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(4), $"the build took {watch.Elapsed}");
            // FF2010 (or FF2012 for a reset mid-request) at most once per node: in the build log when a later task of
            // that node logged it, else in the writer's log.
            var drains = WriterLog.Read(ws.CacheRoot);
            var inLog = drains.SelectMany(d => d.Problems ?? []).Count(p => p.Contains("FF2010") || p.Contains("FF2012"));
            var warned = build.WarningCodes().Count(c => c is "FF2010" or "FF2012");
            Assert.InRange(warned + inLog, 1, 2);
            Assert.All(drains, d => Assert.Null(d.Code)); // the dead remote ended the uploads at once: no drain ran out of time
        }
        AssertSameAssemblies(reference, ws);
        Assert.All(All, p => Assert.Equal("stored", ws.Record(p).Cache!.Result)); // locally, every compile is stored
        AssertVerifyClean(ws.CacheRoot);
        AssertRemoteEntriesComplete(nginx);

        // A clone with an empty local cache and the (live) server: whatever is there is whole, the rest compiles.
        var other = Clone(nginx.Url);
        other.BuildSucceeded("-m:2");
        AssertSameAssemblies(reference, other);
        AssertVerifyClean(other.CacheRoot);
    }

    [Fact]
    public async Task TwoBuildsDrainingIntoOneCacheAndOneRemoteAtOnceLeaveBothWhole()
    {
        using var nginx = NginxServer.Start();
        var shared = NewCacheRoot();
        var a = Clone(nginx.Url, shared);
        var b = Clone(nginx.Url, shared);
        var builds = await Task.WhenAll(Task.Run(() => a.Build("-m:2")), Task.Run(() => b.Build("-m:2")));
        Assert.True(builds[0].Succeeded, builds[0].Output);
        Assert.True(builds[1].Succeeded, builds[1].Output);
        AssertSameAssemblies(a, b);
        AssertVerifyClean(shared);
        Assert.Equal(6, AssertRemoteEntriesComplete(nginx));
        Assert.All(WriterLog.Read(shared), d => Assert.Null(d.Code));

        var third = Clone(nginx.Url);
        var restored = third.BuildSucceeded("-m:2");
        Assert.Empty(CompileRuns.Read(restored.Binlog));
        AssertSameAssemblies(a, third);
    }
}
