using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>Helpers shared by the remote tests: stores, caches and short timeouts.</summary>
public abstract class RemoteTestBase : IDisposable
{
    protected readonly TempDirectory Temp = new();

    protected static RemoteCacheOptions Options(string url, bool readOnly = false, double timeoutSeconds = 5) => new()
    {
        BaseUrl = new Uri(url),
        ReadOnly = readOnly,
        ConnectTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        RetryDelay = TimeSpan.FromMilliseconds(20),
    };

    protected TieredCache Cache(string name, RemoteCacheOptions? remote) =>
        new(ContentStore.Open(Temp.Combine(name)), remote is null ? null : new HttpRemoteCache(remote));

    /// <summary>Stores typical outputs under <paramref name="keyName"/> through <paramref name="cache"/>; returns expected bytes.</summary>
    protected Dictionary<string, byte[]> StoreOutputs(TieredCache cache, string keyName, int seed, out TieredStoreResult result)
    {
        var obj = Temp.Combine("obj-" + keyName);
        var expected = Outputs.Write(obj, seed);
        result = cache.Store(Outputs.Key(keyName), obj, Outputs.TypicalNames, ["warning CS0168: " + keyName]);
        return expected;
    }

    protected static string RemotePath(NginxServer server, string kind, ContentHash hash) =>
        Path.Combine(server.DataRoot, kind, hash.ToString());

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
