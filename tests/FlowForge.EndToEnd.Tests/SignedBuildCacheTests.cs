using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using FlowForge.Caching.Tests;
using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Issue 20: someone who can write the cache folder (but holds no key) edits an entry and recomputes its checksum,
/// pointing a fingerprint at another project's assembly. A build with FLOWFORGE_CACHE_KEY refuses it, compiles, and
/// ends with the bytes of a clean build; the key never reaches the build's log or binlog.
/// </summary>
public sealed class SignedBuildCacheTests : IDisposable
{
    private const string CacheKey = "e2e-cache-key-6f1d2a9c44b07e13";
    private const string ModelDll = "Acme.Model/obj/Debug/net10.0/Acme.Model.dll";
    private const string DataDll = "Acme.Data/obj/Debug/net10.0/Acme.Data.dll";
    private readonly string _sharedCache = SampleWorkspace.NewCacheRootPath();

    public void Dispose()
    {
        try { Directory.Delete(_sharedCache, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private SampleWorkspace Clone()
    {
        var ws = new SampleWorkspace("Layered", _sharedCache).AsLocalBuild();
        ws.Environment["FLOWFORGE_CACHE_KEY"] = CacheKey;
        return ws.CommitAsFreshClone();
    }

    [Fact]
    public void AnEntryForgedByAWriterOfTheCacheIsRefusedWithAKeyAndTheBuildMatchesACleanBuild()
    {
        using var first = Clone();
        var clean = first.BuildSucceeded();
        Assert.Equal(6, CompileRuns.Read(clean.Binlog).Count);
        var modelBytes = File.ReadAllBytes(first.PathOf(ModelDll)); // the oracle: a clean build of this tree
        var dataBytes = File.ReadAllBytes(first.PathOf(DataDll));

        // The writer without the key: Acme.Model's entry now names Acme.Data.dll's blob, with a recomputed checksum.
        var fingerprint = first.Record("Acme.Model").Compile!.Fingerprint!;
        var entryFile = Path.Combine(_sharedCache, "ac", fingerprint[..2], fingerprint);
        Assert.True(File.Exists(entryFile), $"expected Acme.Model's entry at {entryFile}");
        var dataHash = Convert.ToHexString(SHA256.HashData(dataBytes)).ToLowerInvariant();
        Assert.True(File.Exists(Path.Combine(_sharedCache, "cas", dataHash[..2], dataHash)));
        File.WriteAllBytes(entryFile, EntryForgery.Forge(File.ReadAllBytes(entryFile),
            EntryForgery.RedirectOutput("net10.0/Acme.Model.dll", dataHash, dataBytes.Length)));

        using var second = Clone();
        var build = second.BuildSucceeded();
        Assert.Equal(["Acme.Model"], CompileRuns.Read(build.Binlog));
        Assert.Equal(["FF2016"], build.WarningCodes().ToArray());
        Assert.Equal(ProjectRecord.Decisions.Compiled, second.Record("Acme.Model").Compile!.Decision);
        Assert.Equal(ProjectRecord.Decisions.Restored, second.Record("Acme.Data").Compile!.Decision);
        Assert.Equal(modelBytes, File.ReadAllBytes(second.PathOf(ModelDll)));
        Assert.Equal(modelBytes, File.ReadAllBytes(second.PathOf("Acme.Model/bin/Debug/net10.0/Acme.Model.dll")));
        Assert.Equal(dataBytes, File.ReadAllBytes(second.PathOf(DataDll)));

        // The key is read from the environment by the task: no property, so nothing of it in the log or the binlog.
        Assert.DoesNotContain(CacheKey, build.Output);
        Assert.DoesNotContain(CacheKey, BinlogText(build.Binlog));
        Assert.Contains("Acme.Model", BinlogText(build.Binlog)); // the search does see the binlog's strings
    }

    /// <summary>The binlog's records decompressed (strings are stored as UTF-8), for a plain substring search.</summary>
    private static string BinlogText(string binlog)
    {
        using var file = File.OpenRead(binlog);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
