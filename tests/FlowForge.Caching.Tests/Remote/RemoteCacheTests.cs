using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>The remote tier against a real nginx WebDAV server.</summary>
public class RemoteCacheTests : RemoteTestBase
{
    [Fact]
    public async Task Store_uploads_in_bazel_layout_and_a_fresh_machine_restores_from_remote()
    {
        using var nginx = NginxServer.Start();
        using var ci = Cache("ci", Options(nginx.Url));
        var expected = StoreOutputs(ci, "k", 1, out var stored);
        Assert.True(stored.Local.Stored);
        Assert.Empty(stored.Problems);
        Assert.Equal(5, stored.BlobsUploaded);
        Assert.True(stored.EntryUploaded);
        foreach (var bytes in expected.Values)
            Assert.Equal(bytes, File.ReadAllBytes(RemotePath(nginx, "cas", ContentHash.Of(bytes))));
        Assert.Equal(ci.Local.TryReadEntryBytes(Outputs.Key("k")), File.ReadAllBytes(RemotePath(nginx, "ac", Outputs.Key("k"))));

        using var laptop = Cache("laptop", Options(nginx.Url));
        var lookup = await laptop.LookupAsync(Outputs.Key("k"));
        Assert.Empty(lookup.Problems);
        Assert.Equal(CacheTier.Remote, lookup.Tier);
        Assert.Equal(["warning CS0168: k"], lookup.Entry!.Diagnostics);
        var restored = laptop.Restore(lookup.Entry, Temp.Combine("laptop-obj"));
        Assert.True(restored.Success, restored.Problem?.ToString());
        Outputs.AssertRestored(Temp.Combine("laptop-obj"), expected);

        // The remote hit filled the local store; the memory tier answers next.
        Assert.Equal(CacheTier.Memory, (await laptop.LookupAsync(Outputs.Key("k"))).Tier);
        using var laptopAgain = new TieredCache(ContentStore.Open(Temp.Combine("laptop")), null);
        Assert.Equal(CacheTier.Local, laptopAgain.Lookup(Outputs.Key("k")).Tier);
        Assert.True(laptopAgain.Local.Verify().IsHealthy);
    }

    [Fact]
    public void Only_blobs_the_server_lacks_are_uploaded_and_an_existing_entry_is_not_resent()
    {
        using var nginx = NginxServer.Start();
        using var cache = Cache("c", Options(nginx.Url));
        var obj = Temp.Combine("obj");
        Outputs.Write(obj, 1);
        var first = cache.Store(Outputs.Key("one"), obj, Outputs.TypicalNames, []);
        Assert.Equal(5, first.BlobsUploaded);
        Outputs.Write(obj, 99, "Lib.dll"); // only the implementation assembly changed
        var second = cache.Store(Outputs.Key("two"), obj, Outputs.TypicalNames, []);
        Assert.Equal(1, second.BlobsUploaded);
        Assert.True(second.EntryUploaded);
        var third = cache.Store(Outputs.Key("two"), obj, Outputs.TypicalNames, []);
        Assert.Equal(0, third.BlobsUploaded);
        Assert.False(third.EntryUploaded);
        Assert.Empty(third.Problems);
    }

    [Fact]
    public void Uploads_send_content_length_never_chunked_and_credentials_only_in_the_authorization_header()
    {
        using var nginx = NginxServer.Start();
        using var proxy = LoopbackHttpServer.Proxy(nginx.Url);
        var options = RemoteCacheOptions.FromUrl(proxy.Url.Replace("http://", "http://ci-user:s3cret-pw@"), readOnly: false, out var problem, _ => null)!;
        Assert.Null(problem);
        Assert.DoesNotContain("s3cret", options.BaseUrl.ToString());
        using var cache = new TieredCache(ContentStore.Open(Temp.Combine("c")), new HttpRemoteCache(options with { RetryDelay = TimeSpan.FromMilliseconds(20) }));
        Assert.DoesNotContain("s3cret", cache.Remote!.DisplayUrl);
        StoreOutputs(cache, "k", 3, out var stored);
        Assert.True(stored.EntryUploaded);

        var puts = proxy.Snapshot().Where(r => r.Method == "PUT").ToList();
        Assert.Equal(6, puts.Count);
        foreach (var put in puts)
        {
            Assert.True(put.Headers.ContainsKey("Content-Length"), "every PUT has Content-Length");
            Assert.False(put.Headers.ContainsKey("Transfer-Encoding"), "no chunked uploads");
            Assert.Equal(put.Body.Length.ToString(), put.Headers["Content-Length"]);
        }
        Assert.All(proxy.Snapshot(), r => Assert.Equal(
            "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ci-user:s3cret-pw")), r.Headers["Authorization"]));
        Assert.All(proxy.Snapshot(), r => Assert.DoesNotContain("s3cret", r.Path));
    }

    [Fact]
    public void Credentials_come_from_the_environment()
    {
        var env = new Dictionary<string, string?>
        {
            [RemoteCacheOptions.TokenVariable] = "tok-123",
            [RemoteCacheOptions.UserVariable] = "u",
            [RemoteCacheOptions.PasswordVariable] = "p",
        };
        var bearer = RemoteCacheOptions.FromUrl("https://cache.example/base?x=1", true, out _, n => env.GetValueOrDefault(n))!;
        Assert.Equal("tok-123", bearer.BearerToken);
        Assert.Null(bearer.UserName);
        Assert.True(bearer.ReadOnly);
        Assert.Equal("https://cache.example/base/", bearer.BaseUrl.ToString());

        env[RemoteCacheOptions.TokenVariable] = null;
        var basic = RemoteCacheOptions.FromUrl("https://cache.example/", false, out _, n => env.GetValueOrDefault(n))!;
        Assert.Equal(("u", "p"), (basic.UserName, basic.Password));
        Assert.Null(basic.BearerToken);

        Assert.Null(RemoteCacheOptions.FromUrl("ftp://user:pw@host/", false, out var problem, _ => null));
        Assert.Equal(CacheDiagnosticCodes.RemoteInvalidUrl, problem!.Code);
        Assert.DoesNotContain("pw", problem.Message);
        Assert.Equal("http://host:81/x", RemoteCacheUrl.Sanitize("http://user:pw@host:81/x?token=abc"));
    }

    [Fact]
    public void Read_only_remote_downloads_but_never_uploads()
    {
        using var nginx = NginxServer.Start();
        using var writer = Cache("writer", Options(nginx.Url));
        var expected = StoreOutputs(writer, "shared", 4, out _);

        using var proxy = LoopbackHttpServer.Proxy(nginx.Url);
        using var pullRequest = Cache("pr", Options(proxy.Url, readOnly: true));
        var lookup = pullRequest.Lookup(Outputs.Key("shared"));
        Assert.Equal(CacheTier.Remote, lookup.Tier);
        Assert.True(pullRequest.Restore(lookup.Entry!, Temp.Combine("pr-obj")).Success);
        Outputs.AssertRestored(Temp.Combine("pr-obj"), expected);

        StoreOutputs(pullRequest, "pr-only", 5, out var stored);
        Assert.True(stored.Local.Stored);
        Assert.False(stored.EntryUploaded);
        Assert.DoesNotContain(proxy.Snapshot(), r => r.Method is "PUT" or "DELETE");
        Assert.False(File.Exists(RemotePath(nginx, "ac", Outputs.Key("pr-only"))));
    }

    [Fact]
    public async Task Concurrent_lookups_of_one_key_share_one_transfer()
    {
        using var nginx = NginxServer.Start();
        using var writer = Cache("writer", Options(nginx.Url));
        StoreOutputs(writer, "hot", 6, out _);

        using var proxy = LoopbackHttpServer.Proxy(nginx.Url);
        using var reader = Cache("reader", Options(proxy.Url));
        var lookups = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => reader.LookupAsync(Outputs.Key("hot")))));
        Assert.All(lookups, l => Assert.True(l.IsHit));
        var gets = proxy.Snapshot().Where(r => r.Method == "GET").ToList();
        Assert.Single(gets, r => r.Path.StartsWith("/ac/"));
        Assert.Equal(5, gets.Count(r => r.Path.StartsWith("/cas/")));
    }

    [Fact]
    public void Miss_on_the_remote_is_a_plain_miss()
    {
        using var nginx = NginxServer.Start();
        using var cache = Cache("c", Options(nginx.Url));
        var lookup = cache.Lookup(Outputs.Key("never-stored"));
        Assert.False(lookup.IsHit);
        Assert.Empty(lookup.Problems);
        Assert.True(cache.Remote!.IsAvailable);
    }
}
