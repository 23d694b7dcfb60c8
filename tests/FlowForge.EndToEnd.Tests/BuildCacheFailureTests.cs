using System.Security.Cryptography;
using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 4: a damaged cache is a miss with a coded warning, never a wrong binary or a failed build.</summary>
public sealed class BuildCacheFailureTests : IDisposable
{
    private readonly string _sharedCache = SampleWorkspace.NewCacheRootPath();

    public void Dispose()
    {
        try { Directory.Delete(_sharedCache, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private SampleWorkspace Clone(string? cacheRoot = null) =>
        new SampleWorkspace("Layered", cacheRoot ?? _sharedCache).AsLocalBuild().CommitAsFreshClone();

    [Fact]
    public void ACorruptBlobBetweenBuildsIsAMissWithFF2001AndTheCompileIsCorrect()
    {
        using var first = Clone();
        first.BuildSucceeded();
        var modelDll = "Acme.Model/obj/Debug/net10.0/Acme.Model.dll";
        var goodBytes = File.ReadAllBytes(first.PathOf(modelDll));

        // Damage the stored copy of Acme.Model.dll (same length, one byte flipped: only its hash can tell).
        var hash = Convert.ToHexString(SHA256.HashData(goodBytes)).ToLowerInvariant();
        var blob = Path.Combine(_sharedCache, "cas", hash[..2], hash);
        Assert.True(File.Exists(blob), $"expected the blob of {modelDll} at {blob}");
        var damaged = File.ReadAllBytes(blob);
        damaged[damaged.Length / 2] ^= 0xFF;
        File.SetAttributes(blob, FileAttributes.Normal);
        File.WriteAllBytes(blob, damaged);

        using var second = Clone();
        var build = second.BuildSucceeded();
        Assert.Equal(["Acme.Model"], CompileRuns.Read(build.Binlog));
        Assert.Contains("FF2001", build.WarningCodes());
        Assert.Equal(ProjectRecord.Decisions.Compiled, second.Record("Acme.Model").Compile!.Decision);
        Assert.Equal(ProjectRecord.Decisions.Restored, second.Record("Acme.Data").Compile!.Decision);
        Assert.Equal(goodBytes, File.ReadAllBytes(second.PathOf(modelDll)));
        Assert.Equal(goodBytes, File.ReadAllBytes(second.PathOf("Acme.Model/bin/Debug/net10.0/Acme.Model.dll")));
    }
}
