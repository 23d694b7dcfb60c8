using System.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>
/// Issue 23: stores handed to the compile cache's background writer, drained as at the end of a build: what is stored
/// and uploaded, what a bound that expires drops (cleanly), a remote that dies while the writer drains, and two caches
/// (two builds) draining into one local folder and one remote at once.
/// </summary>
public class BackgroundStoreTests : RemoteTestBase
{
    private CompileCacheSettings Settings(string root, string? url, TimeSpan? drain = null, double timeoutSeconds = 5) => new()
    {
        Root = Temp.Combine(root),
        RemoteUrl = url,
        RemoteConnectTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        RemoteReadTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        DrainTimeout = drain ?? TimeSpan.FromSeconds(60),
    };

    /// <summary>Writes outputs for <paramref name="name"/> and returns them with their hashes by full path (what the
    /// compile gate records right after the compile).</summary>
    private (string Obj, Dictionary<string, byte[]> Bytes, Dictionary<string, ContentHash> Hashes) Compile(string name, int seed)
    {
        var obj = Temp.Combine("obj-" + name);
        var bytes = Outputs.Write(obj, seed);
        var hashes = bytes.ToDictionary(kv => Path.Combine(obj, kv.Key), kv => ContentHash.Of(kv.Value));
        return (obj, bytes, hashes);
    }

    private static bool Queue(CompileCache cache, string name, (string Obj, Dictionary<string, byte[]> Bytes, Dictionary<string, ContentHash> Hashes) compiled,
        List<BackgroundStoreResult>? results = null) =>
        cache.TryStoreInBackground(name, Outputs.Key(name), compiled.Obj, Outputs.TypicalNames, compiled.Hashes, [], TimeSpan.FromSeconds(1),
            done => { if (results is not null) lock (results) results.Add(done); });

    /// <summary>Every entry file under the nginx data folder names only blobs the server has: nothing partial is visible.</summary>
    private static void AssertRemoteEntriesComplete(NginxServer nginx, out int entries)
    {
        entries = 0;
        var ac = Path.Combine(nginx.DataRoot, "ac");
        if (!Directory.Exists(ac)) return;
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
    }

    private static void AssertNoTempFiles(string root) =>
        Assert.Empty(Directory.EnumerateFiles(root, "*.tmp", SearchOption.AllDirectories));

    [Fact]
    public void Queued_stores_are_stored_and_uploaded_by_the_drain_and_the_log_tells_the_wait()
    {
        using var nginx = NginxServer.Start();
        var results = new List<BackgroundStoreResult>();
        var compiles = Enumerable.Range(0, 6).Select(i => ("p" + i, Compile("p" + i, i))).ToList();
        using (var cache = CompileCache.Open(Settings("cache", nginx.Url), _ => null))
        {
            Assert.True(cache.StoresInBackground);
            foreach (var (name, compiled) in compiles) Assert.True(Queue(cache, name, compiled, results));
            var drain = cache.DrainWriter()!;
            Assert.False(drain.TimedOut);
            Assert.Equal(0, drain.Dropped);
            Assert.Empty(cache.TakeBackgroundProblems());
            // The build is over: a late compile is refused by the writer (its caller stores it itself).
            Assert.False(Queue(cache, "late", Compile("late", 99)));
        }
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.True(r.Result.Stored && r.Result.EntryUploaded && !r.Dropped));
        Assert.All(results, r => Assert.True(r.Writing > TimeSpan.Zero));

        // A clone with an empty local cache gets each compile's exact bytes from the remote.
        using var other = CompileCache.Open(Settings("other", nginx.Url), _ => null);
        foreach (var (name, compiled) in compiles)
        {
            var destination = Temp.Combine("restore-" + name);
            var restored = other.TryRestore(Outputs.Key(name), destination, Outputs.TypicalNames);
            Assert.True(restored.Hit && restored.Source == CacheTier.Remote, name);
            Outputs.AssertRestored(destination, compiled.Bytes);
        }
        AssertRemoteEntriesComplete(nginx, out var entries);
        Assert.Equal(6, entries);

        var log = WriterLog.Read(Temp.Combine("cache"));
        var line = Assert.Single(log);
        Assert.InRange(line.Stores, 1, 6);
        Assert.Equal(line.Stores, line.Finished);
        Assert.Equal(0, line.Dropped);
        Assert.Null(line.Code);
        Assert.True(line.WaitedMs >= 0);
        Assert.Equal(Environment.ProcessId, line.ProcessId);
        AssertNoTempFiles(Temp.Combine("cache"));
    }

    [Fact]
    public void Blobs_the_remote_has_are_not_uploaded_again()
    {
        using var nginx = NginxServer.Start();
        using var proxy = LoopbackHttpServer.Proxy(nginx.Url);
        var compiled = Compile("app", 7);
        var results = new List<BackgroundStoreResult>();
        using (var cache = CompileCache.Open(Settings("cache", proxy.Url), _ => null))
        {
            Queue(cache, "app", compiled, results);
            cache.DrainWriter();
        }
        int blobPuts = proxy.Snapshot().Count(r => r.Method == "PUT" && r.Path.Contains("/cas/"));
        Assert.Equal(5, blobPuts);

        // Same outputs under another fingerprint, from another machine: HEAD finds every blob, only the entry goes up.
        using (var cache = CompileCache.Open(Settings("cache2", proxy.Url), _ => null))
        {
            cache.TryStoreInBackground("app2", Outputs.Key("app2"), compiled.Obj, Outputs.TypicalNames, compiled.Hashes, [], TimeSpan.Zero,
                done => { lock (results) results.Add(done); });
            cache.DrainWriter();
        }
        Assert.Equal(blobPuts, proxy.Snapshot().Count(r => r.Method == "PUT" && r.Path.Contains("/cas/")));
        Assert.Equal(2, proxy.Snapshot().Count(r => r.Method == "PUT" && r.Path.Contains("/ac/")));
        Assert.Equal((0, 0L, true), (results[1].Result.BlobsUploaded, results[1].Result.BytesUploaded, results[1].Result.EntryUploaded));
    }

    [Fact]
    public void After_a_remote_miss_in_this_build_the_upload_asks_only_about_blobs()
    {
        using var nginx = NginxServer.Start();
        using var proxy = LoopbackHttpServer.Proxy(nginx.Url);
        var compiled = Compile("app", 8);
        using (var cache = CompileCache.Open(Settings("cache", proxy.Url), _ => null))
        {
            Assert.False(cache.TryRestore(Outputs.Key("app"), Temp.Combine("restore"), Outputs.TypicalNames).Hit); // GET ac/ → 404
            Queue(cache, "app", compiled);
            cache.DrainWriter();
        }
        var requests = proxy.Snapshot();
        Assert.Equal(["GET"], requests.Where(r => r.Path.Contains("/ac/") && r.Method != "PUT").Select(r => r.Method));
        Assert.Equal(5, requests.Count(r => r.Method == "HEAD" && r.Path.Contains("/cas/")));
        Assert.Equal(1, AssertRemoteEntriesCompleteCount(nginx));
    }

    private static int AssertRemoteEntriesCompleteCount(NginxServer nginx)
    {
        AssertRemoteEntriesComplete(nginx, out var entries);
        return entries;
    }

    [Fact]
    public void An_output_rewritten_after_the_compile_is_not_stored_and_the_problem_is_coded()
    {
        var compiled = Compile("weaved", 3);
        // A post-compile step rewrites the assembly in obj/ before the writer reads it.
        File.WriteAllBytes(Path.Combine(compiled.Obj, "Lib.dll"), [1, 2, 3]);
        var results = new List<BackgroundStoreResult>();
        using var cache = CompileCache.Open(Settings("cache", null), _ => null);
        Assert.True(Queue(cache, "weaved", compiled, results));
        // Wait for the store without ending the build: a task of the node would log the problem now.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (cache.PendingStores > 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        var problem = Assert.Single(cache.TakeBackgroundProblems());
        Assert.Equal(("weaved", CacheDiagnosticCodes.OutputChangedAfterCompile), (problem.Project, problem.Diagnostic.Code));
        Assert.Contains("FlowForgeCacheBackgroundStore=false", problem.Diagnostic.Message);
        Assert.False(Assert.Single(results).Result.Stored);
        Assert.False(cache.TryRestore(Outputs.Key("weaved"), Temp.Combine("restore"), Outputs.TypicalNames).Hit);
        Assert.Equal(0, cache.Local!.EntryCount);

        // One that no task was left to log goes to the writer's log at the end of the build.
        var again = Compile("weaved2", 5);
        File.WriteAllBytes(Path.Combine(again.Obj, "Lib.pdb"), [4, 5, 6]);
        Assert.True(Queue(cache, "weaved2", again));
        cache.DrainWriter();
        var logged = Assert.Single(Assert.Single(WriterLog.Read(Temp.Combine("cache"))).Problems!);
        Assert.StartsWith("weaved2: " + CacheDiagnosticCodes.OutputChangedAfterCompile, logged);
        AssertNoTempFiles(Temp.Combine("cache"));
    }

    [Fact]
    public void Known_hashes_spare_reading_outputs_whose_blobs_are_present()
    {
        var compiled = Compile("lib", 4);
        using var cache = CompileCache.Open(Settings("cache", null), _ => null);
        Assert.True(cache.Store(Outputs.Key("lib"), compiled.Obj, Outputs.TypicalNames, [], TimeSpan.Zero, compiled.Hashes).Stored);
        // Same outputs, another fingerprint: with the blobs present and the hashes known, the files are not read again.
        // Overwriting them first (same lengths) proves it: a read would see other bytes and refuse the store.
        foreach (var name in Outputs.TypicalNames)
            File.WriteAllBytes(Path.Combine(compiled.Obj, name), new byte[compiled.Bytes[name].Length]);
        var again = cache.Store(Outputs.Key("lib2"), compiled.Obj, Outputs.TypicalNames, [], TimeSpan.Zero, compiled.Hashes);
        Assert.True(again.Stored, string.Join("\n", again.Problems));
        var destination = Temp.Combine("restore");
        Assert.True(cache.TryRestore(Outputs.Key("lib2"), destination, Outputs.TypicalNames).Hit);
        Outputs.AssertRestored(destination, compiled.Bytes);
    }

    [Fact]
    public void A_drain_bound_that_expires_drops_the_uploads_cleanly_and_logs_FF2018()
    {
        // A remote that never answers a PUT (HEAD and GET say 404): uploads hang until the drain bound cancels them.
        using var server = new LoopbackHttpServer(request => Task.FromResult(request.Method == "PUT"
            ? null
            : new CannedResponse(404, [])));
        var bound = TimeSpan.FromMilliseconds(800);
        var results = new List<BackgroundStoreResult>();
        var watch = Stopwatch.StartNew();
        using (var cache = CompileCache.Open(Settings("cache", server.Url, bound, timeoutSeconds: 60), _ => null))
        {
            for (int i = 0; i < 4; i++) Assert.True(Queue(cache, "p" + i, Compile("p" + i, i), results));
            var drain = cache.DrainWriter()!;
            Assert.True(drain.TimedOut);
            Assert.InRange(drain.Dropped, 1, 4);
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the end of the build took {watch.Elapsed} with a {bound} bound");
        Assert.DoesNotContain(server.Snapshot(), r => r.Method == "PUT" && r.Path.Contains("/ac/"));

        // Locally: whatever was published is whole, nothing half-written is left, and the store verifies clean.
        var store = ContentStore.Open(Temp.Combine("cache"));
        var verify = store.Verify();
        Assert.True(verify.IsHealthy && verify.DanglingEntries == 0, verify.ToString());
        AssertNoTempFiles(Temp.Combine("cache"));

        var line = Assert.Single(WriterLog.Read(Temp.Combine("cache")));
        Assert.Equal(CacheDiagnosticCodes.DrainTimedOut, line.Code);
        Assert.True(line.Dropped >= 1 && line.DroppedBytes > 0);
        Assert.Contains("FlowForgeCacheDrainTimeout", line.Message);
        Assert.Contains(results, r => r.Dropped);
    }

    [Fact]
    public void A_remote_that_dies_while_the_writer_drains_costs_one_warning_and_leaves_no_partial_remote_entry()
    {
        using var nginx = NginxServer.Start();
        int seen = 0;
        LoopbackHttpServer? dying = null;
        dying = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
        {
            // Dies a few requests into the uploads: connections are refused from then on.
            if (Interlocked.Increment(ref seen) == 9) _ = Task.Run(() => dying!.Dispose());
            return response;
        });
        var results = new List<BackgroundStoreResult>();
        var compiles = Enumerable.Range(0, 8).Select(i => ("p" + i, Compile("p" + i, i))).ToList();
        var watch = Stopwatch.StartNew();
        using (dying)
        using (var cache = CompileCache.Open(Settings("cache", dying.Url, timeoutSeconds: 3), _ => null))
        {
            foreach (var (name, compiled) in compiles) Queue(cache, name, compiled, results);
            var drain = cache.DrainWriter()!;
            Assert.False(drain.TimedOut);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the drain took {watch.Elapsed}");
            var line = Assert.Single(WriterLog.Read(Temp.Combine("cache")));
            // The problem no task logged is in the writer's log: the remote went off once.
            var problems = line.Problems ?? [];
            Assert.InRange(problems.Count(p => p.Contains(CacheDiagnosticCodes.RemoteUnreachable) || p.Contains(CacheDiagnosticCodes.RemoteError)), 1, 1);
        }
        // Every compile is stored locally whatever happened to the remote.
        Assert.Equal(8, results.Count(r => r.Result.Stored));
        Assert.True(ContentStore.Open(Temp.Combine("cache")).Verify().IsHealthy);
        AssertRemoteEntriesComplete(nginx, out var entries);
        Assert.InRange(entries, 0, 7);
    }

    [Fact]
    public async Task Two_builds_draining_into_one_cache_and_one_remote_at_once_leave_both_whole()
    {
        using var nginx = NginxServer.Start();
        // The two "builds" share half their compiles (same fingerprints and bytes) and race on them.
        var first = Enumerable.Range(0, 8).Select(i => ("p" + i, Compile("a" + i, i))).ToList();
        var second = Enumerable.Range(4, 8).Select(i => ("p" + i, Compile("b" + i, i))).ToList();
        async Task Build(string name, List<(string, (string, Dictionary<string, byte[]>, Dictionary<string, ContentHash>))> compiles) => await Task.Run(() =>
        {
            using var cache = CompileCache.Open(Settings("shared", nginx.Url) with { SizeLimitBytes = 1L << 30 }, _ => null);
            foreach (var (project, compiled) in compiles) Assert.True(Queue(cache, project, compiled));
            var drain = cache.DrainWriter()!;
            Assert.False(drain.TimedOut, name);
            Assert.Empty(cache.TakeBackgroundProblems());
        });
        await Task.WhenAll(Build("first", first), Build("second", second));

        var verify = ContentStore.Open(Temp.Combine("shared")).Verify();
        Assert.True(verify.IsHealthy && verify.DanglingEntries == 0, verify.ToString());
        Assert.Equal(12, verify.EntriesChecked);
        AssertRemoteEntriesComplete(nginx, out var entries);
        Assert.Equal(12, entries);
        // One line per drain that found stores still queued or running; a writer that finished before its build ended
        // has nothing to tell (CompileCache.DrainWriter), so fewer lines are as right as two. None dropped anything.
        var drains = WriterLog.Read(Temp.Combine("shared"));
        Assert.InRange(drains.Count, 0, 2);
        Assert.All(drains, line => Assert.Equal((0, null), (line.Dropped, line.Code)));
        AssertNoTempFiles(Temp.Combine("shared"));

        using var reader = CompileCache.Open(Settings("reader", nginx.Url), _ => null);
        foreach (var (project, compiled) in first.Concat(second).DistinctBy(c => c.Item1))
        {
            var destination = Temp.Combine("restore-" + project);
            Assert.True(reader.TryRestore(Outputs.Key(project), destination, Outputs.TypicalNames).Hit, project);
            Outputs.AssertRestored(destination, compiled.Item2);
        }
    }
}
