using System.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>A dead, failing, hung or tampering server costs a warning and at most one timeout — never a wrong output.</summary>
public class RemoteFaultTests : RemoteTestBase
{
    private static List<FlowForge.Core.Diagnostics.Diagnostic> LookupMany(TieredCache cache, int count, out TimeSpan elapsed)
    {
        var problems = new List<FlowForge.Core.Diagnostics.Diagnostic>();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var lookup = cache.Lookup(Outputs.Key("lookup-" + i));
            Assert.False(lookup.IsHit);
            problems.AddRange(lookup.Problems);
        }
        elapsed = watch.Elapsed;
        return problems;
    }

    [Fact]
    public void Server_down_from_the_start_gives_one_warning_and_the_local_store_keeps_working()
    {
        var port = NginxServer.FreePort(); // nothing listens here
        using var cache = Cache("c", Options($"http://127.0.0.1:{port}/", timeoutSeconds: 2));
        var problems = LookupMany(cache, 20, out var elapsed);
        var warning = Assert.Single(problems);
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, warning.Code);
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"20 lookups took {elapsed}");

        StoreOutputs(cache, "local", 1, out var stored);
        Assert.True(stored.Local.Stored);
        Assert.Empty(stored.Problems);
        Assert.Equal(CacheTier.Memory, cache.Lookup(Outputs.Key("local")).Tier);
    }

    [Fact]
    public void Hung_server_costs_at_most_one_timeout_for_twenty_lookups()
    {
        using var hung = LoopbackHttpServer.BlackHole();
        const double timeout = 1.5;
        using var cache = Cache("c", Options(hung.Url, timeoutSeconds: timeout));
        var problems = LookupMany(cache, 20, out var elapsed);
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
        Assert.True(elapsed < TimeSpan.FromSeconds(2 * timeout), $"20 lookups took {elapsed}");
        Assert.Single(hung.Snapshot());
    }

    [Fact]
    public void Hung_server_during_parallel_uploads_costs_one_timeout()
    {
        using var hung = LoopbackHttpServer.BlackHole();
        const double timeout = 1.5;
        using var cache = Cache("c", Options(hung.Url, timeoutSeconds: timeout));
        var watch = Stopwatch.StartNew();
        var problems = new List<FlowForge.Core.Diagnostics.Diagnostic>();
        for (int i = 0; i < 5; i++)
        {
            StoreOutputs(cache, "s" + i, i, out var stored);
            Assert.True(stored.Local.Stored);
            problems.AddRange(stored.Problems);
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2 * timeout + 2), $"took {watch.Elapsed}");
        Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
    }

    [Fact]
    public void Server_answering_500_is_retried_then_disabled_with_one_warning()
    {
        using var failing = LoopbackHttpServer.Failing(500);
        using var cache = Cache("c", Options(failing.Url));
        var problems = LookupMany(cache, 20, out _);
        var warning = Assert.Single(problems);
        Assert.Equal(CacheDiagnosticCodes.RemoteError, warning.Code);
        Assert.Contains("500", warning.Message);
        Assert.Equal(3, failing.Snapshot().Length); // first try + 2 retries, then the circuit is open

        StoreOutputs(cache, "x", 1, out var stored);
        Assert.True(stored.Local.Stored);
        Assert.Equal(3, failing.Snapshot().Length);
    }

    [Fact]
    public void Rejected_credentials_are_reported_without_the_secret()
    {
        using var denying = LoopbackHttpServer.Failing(401);
        using var cache = new TieredCache(ContentStore.Open(Temp.Combine("c")),
            new HttpRemoteCache(Options(denying.Url) with { BearerToken = "super-secret-token" }));
        var lookup = cache.Lookup(Outputs.Key("k"));
        var warning = Assert.Single(lookup.Problems);
        Assert.Equal(CacheDiagnosticCodes.RemoteError, warning.Code);
        Assert.Contains(RemoteCacheOptions.TokenVariable, warning.Message);
        Assert.DoesNotContain("super-secret-token", warning.Message);
        Assert.Single(denying.Snapshot()); // 401 is not retried
    }

    [Fact]
    public void Bazel_remote_style_400_on_ac_upload_names_the_server_flag()
    {
        using var nginx = NginxServer.Start();
        // Like bazel-remote without --disable_http_ac_validation: blobs accepted, /ac/ PUT refused with 400.
        using var proxy = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
            request.Method == "PUT" && request.Path.StartsWith("/ac/") ? new CannedResponse(400, "invalid ActionResult"u8.ToArray()) : response);
        using var cache = Cache("c", Options(proxy.Url));
        StoreOutputs(cache, "k", 1, out var stored);
        Assert.True(stored.Local.Stored);
        Assert.False(stored.EntryUploaded);
        var warning = Assert.Single(stored.Problems);
        Assert.Equal(CacheDiagnosticCodes.RemoteError, warning.Code);
        Assert.Contains("--disable_http_ac_validation", warning.Message);
    }

    [Fact]
    public void Server_stopped_in_the_middle_degrades_to_local_with_one_warning()
    {
        var nginx = NginxServer.Start();
        try
        {
            using var cache = Cache("c", Options(nginx.Url, timeoutSeconds: 2));
            StoreOutputs(cache, "before", 1, out var first);
            Assert.True(first.EntryUploaded);
            nginx.Stop();

            var problems = new List<FlowForge.Core.Diagnostics.Diagnostic>();
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 5; i++)
            {
                StoreOutputs(cache, "after" + i, 10 + i, out var stored);
                Assert.True(stored.Local.Stored);
                problems.AddRange(stored.Problems);
                problems.AddRange(cache.Lookup(Outputs.Key("missing" + i)).Problems);
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
            Assert.Equal(CacheDiagnosticCodes.RemoteUnreachable, Assert.Single(problems).Code);
            Assert.True(cache.Lookup(Outputs.Key("after3")).IsHit);
        }
        finally
        {
            nginx.Dispose();
        }
    }

    [Fact]
    public void Tampered_blob_bodies_are_rejected_and_nothing_is_restored()
    {
        using var nginx = NginxServer.Start();
        using var writer = Cache("writer", Options(nginx.Url));
        StoreOutputs(writer, "k", 1, out _);

        // A proxy that flips one byte of every blob body (a compromised mirror, a broken middlebox).
        using var tampering = LoopbackHttpServer.Proxy(nginx.Url, (request, response) =>
        {
            if (request.Method != "GET" || !request.Path.StartsWith("/cas/") || response.Body.Length == 0) return response;
            var body = (byte[])response.Body.Clone();
            body[body.Length / 2] ^= 0x5A;
            return response with { Body = body };
        });
        using var victim = Cache("victim", Options(tampering.Url));
        var lookup = victim.Lookup(Outputs.Key("k"));
        Assert.False(lookup.IsHit);
        Assert.Contains(lookup.Problems, p => p.Code == CacheDiagnosticCodes.RemoteTampered);
        Assert.False(victim.Local.TryGetEntry(Outputs.Key("k"), out _, out _));
        Assert.Equal(0, victim.Local.Totals.Blobs);
        Assert.Empty(Directory.EnumerateFiles(Temp.Combine("victim"), "*.tmp", SearchOption.AllDirectories));
        Assert.False(victim.Remote!.IsAvailable);
    }

    [Fact]
    public void Tampered_entry_on_the_server_is_rejected()
    {
        using var nginx = NginxServer.Start();
        using var writer = Cache("writer", Options(nginx.Url));
        StoreOutputs(writer, "k", 1, out _);
        var acFile = RemotePath(nginx, "ac", Outputs.Key("k"));
        var bytes = File.ReadAllBytes(acFile);
        bytes[bytes.Length - 10] ^= 0x01;
        File.WriteAllBytes(acFile, bytes);

        using var victim = Cache("victim", Options(nginx.Url));
        var lookup = victim.Lookup(Outputs.Key("k"));
        Assert.False(lookup.IsHit);
        Assert.Equal(CacheDiagnosticCodes.RemoteTampered, Assert.Single(lookup.Problems).Code);
        Assert.Equal(0, victim.Local.EntryCount);
    }

    [Fact]
    public void Remote_entry_with_a_path_outside_obj_is_rejected_even_with_a_valid_checksum()
    {
        using var nginx = NginxServer.Start();
        using var writer = Cache("writer", Options(nginx.Url));
        StoreOutputs(writer, "k", 1, out _);
        writer.Local.TryGetEntry(Outputs.Key("k"), out var entry, out _);
        var evil = entry! with { Files = [entry.Files[0] with { RelativePath = "../../../home/.bashrc" }] };
        File.WriteAllBytes(RemotePath(nginx, "ac", Outputs.Key("k")), ActionEntrySerializer.Serialize(evil));

        using var victim = Cache("victim", Options(nginx.Url));
        var lookup = victim.Lookup(Outputs.Key("k"));
        Assert.False(lookup.IsHit);
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, Assert.Single(lookup.Problems).Code);
    }

    [Fact]
    public void Entry_whose_blob_is_missing_on_the_server_is_a_plain_miss()
    {
        using var nginx = NginxServer.Start();
        using var writer = Cache("writer", Options(nginx.Url));
        var expected = StoreOutputs(writer, "k", 1, out _);
        File.Delete(RemotePath(nginx, "cas", ContentHash.Of(expected["Lib.pdb"])));

        using var reader = Cache("reader", Options(nginx.Url));
        var lookup = reader.Lookup(Outputs.Key("k"));
        Assert.False(lookup.IsHit);
        Assert.Empty(lookup.Problems);
        Assert.Equal(0, reader.Local.EntryCount);
        Assert.True(reader.Remote!.IsAvailable);
    }
}
