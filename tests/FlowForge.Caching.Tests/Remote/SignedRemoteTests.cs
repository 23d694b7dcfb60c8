using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>Issue 20: signed entries through a real nginx remote; a forged or unsigned remote entry is never restored.</summary>
public class SignedRemoteTests : RemoteTestBase
{
    private static readonly EntrySigner Signer = EntrySigner.Parse("team-key-0123456789abcdef", "test", out _)!;

    private TieredCache SignedCache(string name, string url) =>
        new(ContentStore.Open(Temp.Combine(name), new ContentStoreOptions { Signer = Signer }), new HttpRemoteCache(Options(url)));

    [Fact]
    public void An_unsigned_remote_entry_is_refused_the_remote_stays_on_and_the_signed_store_replaces_it()
    {
        using var nginx = NginxServer.Start();
        using (var keyless = Cache("keyless", Options(nginx.Url)))
        {
            StoreOutputs(keyless, "k", 1, out var unsigned);
            Assert.True(unsigned.EntryUploaded);
        }

        using var signed = SignedCache("signed", nginx.Url);
        var lookup = signed.Lookup(Outputs.Key("k"));
        Assert.False(lookup.IsHit);
        Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, Assert.Single(lookup.Problems).Code);
        Assert.True(signed.Remote!.IsAvailable);

        // After the compile, the signed entry overwrites the unsigned one on the server.
        var expected = StoreOutputs(signed, "k", 1, out var stored);
        Assert.True(stored.EntryUploaded);
        Assert.NotNull(ActionEntrySerializer.TryParse(File.ReadAllBytes(RemotePath(nginx, "ac", Outputs.Key("k"))), Outputs.Key("k"), out _, out _, Signer));

        using var teammate = SignedCache("teammate", nginx.Url);
        var hit = teammate.Lookup(Outputs.Key("k"));
        Assert.Equal(CacheTier.Remote, hit.Tier);
        Assert.Empty(hit.Problems);
        var target = Temp.Combine("restored");
        Assert.True(teammate.Restore(hit.Entry!, target).Success);
        Outputs.AssertRestored(target, expected);
    }

    [Fact]
    public void An_entry_forged_on_the_server_with_a_recomputed_checksum_is_refused_and_a_keyless_reader_still_reads_signed_entries()
    {
        using var nginx = NginxServer.Start();
        using (var writer = SignedCache("writer", nginx.Url))
        {
            StoreOutputs(writer, "victim", 1, out _);
            StoreOutputs(writer, "other", 2, out _);
        }
        // Someone with write access to the server points the victim's Lib.dll at the other compile's blob.
        using var reader = new TieredCache(ContentStore.Open(Temp.Combine("peek"), new ContentStoreOptions { Signer = Signer }), new HttpRemoteCache(Options(nginx.Url)));
        var other = reader.Lookup(Outputs.Key("other")).Entry!.Files.Single(f => f.RelativePath == "Lib.dll");
        var acFile = RemotePath(nginx, "ac", Outputs.Key("victim"));
        File.WriteAllBytes(acFile, EntryForgery.Forge(File.ReadAllBytes(acFile), EntryForgery.RedirectOutput("Lib.dll", other.Hash.ToString(), other.Size)));

        using var signed = SignedCache("signed", nginx.Url);
        var lookup = signed.Lookup(Outputs.Key("victim"));
        Assert.False(lookup.IsHit);
        Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, Assert.Single(lookup.Problems).Code);
        Assert.False(signed.Local.TryGetEntry(Outputs.Key("victim"), out _, out _));

        // A pull-request build has no key: signed entries read as before (the forged one too: see the threat model).
        using var pullRequest = Cache("pr", Options(nginx.Url, readOnly: true));
        var taken = pullRequest.Lookup(Outputs.Key("other"));
        Assert.Equal(CacheTier.Remote, taken.Tier);
        Assert.Empty(taken.Problems);
    }
}
