using System.Diagnostics;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>
/// Issue 20: remote faults that cost time rather than fail fast — a server that answers after 10 s, one that stops in the
/// middle of a body, one that trickles — cost one timeout per build (per shared cache), not one per request; and a
/// broken download turns the remote off, so one build rejects one entry, not seven.
/// </summary>
public class SlowServerTests : RemoteTestBase
{
    private const double Timeout = 1.5;
    private const int Keys = 7;

    /// <summary>Stores <see cref="Keys"/> compiles on nginx; returns their expected outputs by key name.</summary>
    private Dictionary<string, Dictionary<string, byte[]>> Upload(NginxServer nginx)
    {
        using var writer = Cache("writer", Options(nginx.Url));
        var expected = new Dictionary<string, Dictionary<string, byte[]>>();
        for (int i = 0; i < Keys; i++)
        {
            expected["k" + i] = StoreOutputs(writer, "k" + i, i, out var stored);
            Assert.True(stored.EntryUploaded);
        }
        return expected;
    }

    /// <summary>Looks every key up and restores the hits; returns the problems, the hits, and the time taken.</summary>
    private (List<Diagnostic> Problems, int Hits, TimeSpan Elapsed) LookUpAll(TieredCache cache, Dictionary<string, Dictionary<string, byte[]>> expected)
    {
        var problems = new List<Diagnostic>();
        int hits = 0;
        var watch = Stopwatch.StartNew();
        foreach (var (name, files) in expected)
        {
            var lookup = cache.Lookup(Outputs.Key(name));
            problems.AddRange(lookup.Problems);
            if (!lookup.IsHit) continue;
            var target = Temp.Combine("restored-" + name);
            Assert.True(cache.Restore(lookup.Entry!, target).Success);
            Outputs.AssertRestored(target, files); // whatever is restored is exactly right
            hits++;
        }
        return (problems, hits, watch.Elapsed);
    }

    private void AssertNoTempFiles(string cacheName) =>
        Assert.Empty(Directory.EnumerateFiles(Temp.Combine(cacheName), "*.tmp", SearchOption.AllDirectories));

    [Fact]
    public void A_server_that_answers_each_request_after_10_s_costs_one_timeout_for_the_build()
    {
        using var nginx = NginxServer.Start();
        var expected = Upload(nginx);
        using var slow = LoopbackHttpServer.Proxy(nginx.Url, (_, response) => response with { Delay = TimeSpan.FromSeconds(10) });
        using var cache = Cache("victim", Options(slow.Url, timeoutSeconds: Timeout));

        var (problems, hits, elapsed) = LookUpAll(cache, expected);
        Assert.Equal(0, hits);
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
        Assert.True(elapsed < TimeSpan.FromSeconds(2 * Timeout), $"{Keys} lookups took {elapsed}");
        Assert.Single(slow.Snapshot());

        // The local store goes on: a compile stored now is a hit, and nothing is uploaded.
        StoreOutputs(cache, "local", 99, out var stored);
        Assert.True(stored.Local.Stored);
        Assert.False(stored.EntryUploaded);
        Assert.Single(slow.Snapshot());
    }

    [Fact]
    public void A_body_that_stops_in_the_middle_costs_one_timeout_and_leaves_nothing_behind()
    {
        using var nginx = NginxServer.Start();
        var expected = Upload(nginx);
        // Entries arrive whole; every blob stops after half its bytes and the connection stays open and silent.
        using var stalling = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
            request.Method == "GET" && request.Path.StartsWith("/cas/") ? response with { StallAfterBytes = response.Body.Length / 2 } : response);
        using var cache = Cache("victim", Options(stalling.Url, timeoutSeconds: Timeout));

        var (problems, hits, elapsed) = LookUpAll(cache, expected);
        Assert.Equal(0, hits);
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
        Assert.True(elapsed < TimeSpan.FromSeconds(2 * Timeout), $"{Keys} lookups took {elapsed}");
        Assert.False(cache.Remote!.IsAvailable);
        Assert.Equal(0, cache.Local.EntryCount);
        AssertNoTempFiles("victim");
    }

    [Fact]
    public void A_body_that_trickles_a_byte_at_a_time_costs_one_timeout_not_one_per_request()
    {
        using var nginx = NginxServer.Start();
        var expected = Upload(nginx);
        // Never silent for a whole timeout, so a pure idle timeout would wait for each entry to crawl in (minutes).
        using var trickling = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
            request.Method == "GET" ? response with { TrickleInterval = TimeSpan.FromMilliseconds(100) } : response);
        using var cache = Cache("victim", Options(trickling.Url, timeoutSeconds: Timeout));

        var (problems, hits, elapsed) = LookUpAll(cache, expected);
        Assert.Equal(0, hits);
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
        Assert.True(elapsed < TimeSpan.FromSeconds(2 * Timeout), $"{Keys} lookups took {elapsed}");
        AssertNoTempFiles("victim");
    }

    [Fact]
    public void A_large_download_that_keeps_making_progress_is_not_cut_off_by_the_timeout()
    {
        using var nginx = NginxServer.Start();
        using var writer = Cache("writer", Options(nginx.Url));
        var obj = Temp.Combine("obj-large");
        Directory.CreateDirectory(obj);
        var large = new byte[3 * HttpRemoteCache.ProgressBytesPerTimeout];
        new Random(7).NextBytes(large);
        File.WriteAllBytes(Path.Combine(obj, "Big.dll"), large);
        Assert.True(writer.Store(Outputs.Key("large"), obj, ["Big.dll"], []).EntryUploaded);

        // The blob arrives in three parts, each well within the timeout but all of them together longer than it. A
        // longer timeout than the other tests': each part's 2 s of slack absorbs a loaded machine's scheduling delays
        // (at 1.5 s, 0.6 s of slack once lost to a CI run's contention); the parts still add up to more than it.
        const double steadyTimeout = 5;
        using var steady = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
            request.Method == "GET" && request.Path.StartsWith("/cas/")
                ? response with { TrickleInterval = TimeSpan.FromSeconds(0.6 * steadyTimeout), TrickleBytes = HttpRemoteCache.ProgressBytesPerTimeout }
                : response);
        using var cache = Cache("victim", Options(steady.Url, timeoutSeconds: steadyTimeout));
        var watch = Stopwatch.StartNew();
        var lookup = cache.Lookup(Outputs.Key("large"));
        Assert.Empty(lookup.Problems);
        Assert.True(lookup.IsHit);
        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(steadyTimeout), $"the download took {watch.Elapsed}, not longer than the timeout");
    }

    [Fact]
    public void A_tampered_entry_turns_the_remote_off_so_a_build_rejects_one_not_seven()
    {
        using var nginx = NginxServer.Start();
        var expected = Upload(nginx);
        using var flipping = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
        {
            if (request.Method != "GET" || !request.Path.StartsWith("/ac/") || response.Body.Length == 0) return response;
            var body = (byte[])response.Body.Clone();
            body[body.Length - 20] ^= 0x01;
            return response with { Body = body };
        });
        using var cache = Cache("victim", Options(flipping.Url));

        var (problems, hits, _) = LookUpAll(cache, expected);
        Assert.Equal(0, hits);
        Assert.Equal(CacheDiagnosticCodes.RemoteTampered, Assert.Single(problems).Code);
        Assert.False(cache.Remote!.IsAvailable);
        Assert.Single(flipping.Snapshot(), r => r.Path.StartsWith("/ac/"));
    }
}
