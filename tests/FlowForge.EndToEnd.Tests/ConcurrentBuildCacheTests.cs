using FlowForge.Caching;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 4: several builds (each with -m) share one cache root at the same time without damaging it.</summary>
public sealed class ConcurrentBuildCacheTests : IDisposable
{
    private readonly string _sharedCache = SampleWorkspace.NewCacheRootPath();

    public void Dispose()
    {
        try { Directory.Delete(_sharedCache, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task FourClonesBuildingAtOnceAgainstOneCacheRootAllSucceedAndTheStoreVerifiesClean()
    {
        // Two pairs: each pair races to store the same compiles; the pairs differ in Acme.Model (and so its dependents).
        var clones = Enumerable.Range(0, 4).Select(i =>
        {
            var ws = new SampleWorkspace("Layered", _sharedCache).AsLocalBuild();
            if (i >= 2)
            {
                var order = ws.PathOf("Acme.Model/Order.cs");
                File.WriteAllText(order, File.ReadAllText(order).Replace("line.Quantity * line.UnitPrice", "line.UnitPrice * line.Quantity"));
            }
            return ws.CommitAsFreshClone();
        }).ToList();
        try
        {
            var builds = await Task.WhenAll(clones.Select(ws => Task.Run(() => ws.Build("-m"))));
            for (int i = 0; i < builds.Length; i++)
                Assert.True(builds[i].Succeeded, $"clone {i} failed:\n{builds[i].Output}");

            var verify = ContentStore.Open(_sharedCache, new ContentStoreOptions { ReadOnly = true }).Verify();
            Assert.True(verify.BlobsChecked > 0 && verify.EntriesChecked > 0, $"nothing was stored: {verify}");
            Assert.Equal((0, 0, 0), (verify.CorruptBlobs, verify.CorruptEntries, verify.DanglingEntries));
            Assert.Empty(verify.Problems);

            var model = "Acme.Model/obj/Debug/net10.0/Acme.Model.dll";
            Assert.Equal(File.ReadAllBytes(clones[0].PathOf(model)), File.ReadAllBytes(clones[1].PathOf(model)));
            Assert.Equal(File.ReadAllBytes(clones[2].PathOf(model)), File.ReadAllBytes(clones[3].PathOf(model)));
            Assert.NotEqual(File.ReadAllBytes(clones[0].PathOf(model)), File.ReadAllBytes(clones[2].PathOf(model)));
        }
        finally
        {
            foreach (var ws in clones) ws.Dispose();
        }
    }
}
