using System.Diagnostics;

namespace FlowForge.Caching.Tests;

/// <summary>A process killed with SIGKILL in the middle of writing never leaves an entry that verifies wrong.</summary>
public class KillSafetyTests
{
    [Fact]
    public async Task Killing_a_storing_process_at_random_times_never_corrupts_the_store()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("cache");
        var random = new Random(2024);
        var watch = Stopwatch.StartNew();
        int kills = 0;
        for (int round = 0; round < 22; round++)
        {
            using var process = HelperProcess.Start("store-loop", root, temp.Combine("work"));
            // Wait until it is storing, then kill at a random point of its loop.
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("ready", ready);
            await Task.Delay(random.Next(20, 250));
            process.Kill(); // SIGKILL on Unix, TerminateProcess on Windows: no finally blocks run
            await process.WaitForExitAsync();
            kills++;
        }
        Assert.True(kills >= 20);

        var store = ContentStore.Open(root);
        Assert.True(store.EntryCount > 0, "the helper stored something between kills");
        var verify = store.Verify();
        Assert.True(verify.IsHealthy, string.Join("\n", verify.Problems));
        Assert.Equal(0, verify.DanglingEntries);

        // Every entry left restores and verifies.
        foreach (var file in Directory.EnumerateFiles(temp.Combine("cache", "ac"), "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file).StartsWith('.')) continue;
            var key = FlowForge.Core.Hashing.ContentHash.Parse(Path.GetFileName(file));
            Assert.True(store.TryGetEntry(key, out var entry, out var problem), problem?.ToString());
            var result = store.Restore(entry!, temp.Combine("restore", key.ToShortString()));
            Assert.True(result.Success, result.Problem?.ToString());
        }
        // Leftover temp files are invisible to lookups and cleaned by eviction once stale; the index stays usable.
        Assert.True(store.SizeBytes > 0);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }
}
