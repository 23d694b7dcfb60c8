using FlowForge.Caching.Tests.Remote;
using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 5: compiles shared through a real nginx WebDAV remote; a dead remote never fails a build.</summary>
public sealed class RemoteBuildCacheTests : IDisposable
{
    private static readonly string[] All =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    private readonly List<string> _cacheRoots = [];

    public void Dispose()
    {
        foreach (var root in _cacheRoots)
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A clone in its own folder with its own, empty local cache root, using <paramref name="remoteUrl"/>.</summary>
    private SampleWorkspace Clone(string remoteUrl)
    {
        var cacheRoot = SampleWorkspace.NewCacheRootPath();
        _cacheRoots.Add(cacheRoot);
        var ws = new SampleWorkspace("Layered", cacheRoot).AsLocalBuild();
        ws.Environment["FLOWFORGE_REMOTE_CACHE_URL"] = remoteUrl;
        return ws.CommitAsFreshClone();
    }

    [Fact]
    public void ASecondCloneWithAnEmptyLocalCacheRestoresEveryCompileFromNginxAndADeadRemoteOnlyWarnsOnce()
    {
        using var server = NginxServer.Start();

        using var first = Clone(server.Url);
        var upload = first.BuildSucceeded();
        Assert.Equal(All, CompileRuns.Read(upload.Binlog));
        Assert.All(All, p => Assert.Equal("stored", first.Record(p).Cache!.Result));
        // Stored and uploaded by the background writer (the log says so; the records say what went up).
        Assert.Contains(upload.Output.Split('\n'), l => l.Contains("FlowForge cache: outputs handed to the background writer"));
        Assert.All(All, p => Assert.True(first.Record(p).Cache!.BytesUploaded > 0, p));
        Assert.NotEmpty(Directory.EnumerateFiles(server.DataRoot, "*", SearchOption.AllDirectories));

        using var second = Clone(server.Url);
        var download = second.BuildSucceeded();
        Assert.Empty(CompileRuns.Read(download.Binlog));
        Assert.All(All, p =>
        {
            var record = second.Record(p);
            Assert.Equal(ProjectRecord.Decisions.Restored, record.Compile!.Decision);
            Assert.Equal(("hit", "remote"), (record.Cache!.Result, record.Cache.Source));
        });
        Assert.Empty(download.WarningCodes());
        var model = "Acme.Model/obj/Debug/net10.0/Acme.Model.dll";
        Assert.Equal(File.ReadAllBytes(first.PathOf(model)), File.ReadAllBytes(second.PathOf(model)));

        // The remote is down from the start of the build: the changed project compiles, one warning, success.
        server.Stop();
        var order = first.PathOf("Acme.Model/Order.cs");
        File.WriteAllText(order, File.ReadAllText(order) + "\n// changed while the remote cache is down\n");
        var offline = first.BuildSucceeded();
        Assert.Equal(["Acme.Model"], CompileRuns.Read(offline.Binlog));
        Assert.Equal(["FF2010"], offline.WarningCodes().ToArray());
    }
}
