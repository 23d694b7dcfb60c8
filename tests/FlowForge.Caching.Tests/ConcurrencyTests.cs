namespace FlowForge.Caching.Tests;

/// <summary>Many MSBuild nodes and several builds share one store: nothing may ever verify wrong.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void Appends_from_many_threads_at_once_are_all_kept()
    {
        // writer.log and stats.log: two builds' drains appending at once must both be told. .NET's FileMode.Append
        // seeks to the end when it opens (no O_APPEND), so without a lock two writers land on one offset.
        using var temp = new TempDirectory();
        var path = temp.Combine("log");
        var fileSystem = new CacheFileSystem();
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(thread => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < 1000; i++) fileSystem.Append(path, System.Text.Encoding.ASCII.GetBytes($"{thread}:{i}\n"));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var lines = File.ReadAllLines(path);
        Assert.Equal(4000, lines.Distinct().Count());
        Assert.Equal(4000, lines.Length);
    }

    [Fact]
    public void A_log_trimmed_to_its_newer_half_keeps_whole_lines_and_a_short_one_is_left_alone()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("log");
        var fileSystem = new CacheFileSystem();
        File.WriteAllText(path, "aaaa\nbbbb\ncccc\ndddd\n");
        Assert.True(fileSystem.TrimLog(path, maxBytes: 100));
        Assert.Equal("aaaa\nbbbb\ncccc\ndddd\n", File.ReadAllText(path));
        Assert.True(fileSystem.TrimLog(path, maxBytes: 10));
        // 20 bytes: the first line that starts at or past byte 10 is "cccc".
        Assert.Equal("cccc\ndddd\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_log_trimmed_while_another_writer_appends_loses_no_line_newer_than_what_it_kept()
    {
        // writer.log and stats.log: one node trims the log while another appends. A trimmed copy renamed over the log
        // lost the line of an append that had opened the old file; trimmed in place under the appenders' lock, the log
        // is always an unbroken run of the newest lines.
        using var temp = new TempDirectory();
        var path = temp.Combine("log");
        var fileSystem = new CacheFileSystem();
        const int Count = 8000;
        int done = 0;
        var appender = new Thread(() =>
        {
            for (int i = 0; i < Count; i++) fileSystem.Append(path, System.Text.Encoding.ASCII.GetBytes($"{i:D6}\n"));
            Volatile.Write(ref done, 1);
        });
        var trimmer = new Thread(() =>
        {
            while (Volatile.Read(ref done) == 0)
                try { fileSystem.TrimLog(path, maxBytes: 700); } catch (FileNotFoundException) { }
        });
        appender.Start();
        trimmer.Start();
        appender.Join();
        trimmer.Join();

        var numbers = File.ReadAllLines(path).Select(int.Parse).ToList();
        Assert.True(numbers.Count < Count, "the log was never trimmed, so the test proved nothing");
        Assert.Equal(Count - 1, numbers[^1]);
        for (int i = 1; i < numbers.Count; i++)
            Assert.True(numbers[i] == numbers[i - 1] + 1, $"line {numbers[i - 1] + 1} was lost (kept {numbers[i - 1]}, then {numbers[i]})");
    }

    [Fact]
    public void Many_threads_storing_restoring_and_evicting_on_one_root()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("cache");
        var expected = new Dictionary<int, Dictionary<string, byte[]>>();
        for (int k = 0; k < 6; k++) expected[k] = Outputs.Write(temp.Combine("src", k.ToString()), 500 + k);

        int wrong = 0, hits = 0, problems = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            // A store per thread, as separate MSBuild nodes would have.
            var store = ContentStore.Open(root, new ContentStoreOptions { SizeLimitBytes = 250_000, LockTimeout = TimeSpan.FromSeconds(30) });
            var random = new Random(thread);
            for (int i = 0; i < 60; i++)
            {
                int k = random.Next(6);
                var key = Outputs.Key("c" + k);
                switch (random.Next(5))
                {
                    case 0:
                        store.Prune(100_000);
                        break;
                    case 1 or 2:
                        var stored = store.Store(key, temp.Combine("src", k.ToString()), Outputs.TypicalNames, ["w" + k]);
                        if (stored.Problem is not null) Interlocked.Increment(ref problems);
                        break;
                    default:
                        if (store.TryGetEntry(key, out var entry, out var problem) && entry is not null)
                        {
                            var destination = temp.Combine("dest", $"{thread}-{i}");
                            var result = store.Restore(entry, destination);
                            if (result.Success)
                            {
                                Interlocked.Increment(ref hits);
                                foreach (var (name, bytes) in expected[k])
                                    if (!File.ReadAllBytes(Path.Combine(destination, name)).AsSpan().SequenceEqual(bytes))
                                        Interlocked.Increment(ref wrong);
                            }
                            else if (result.Problem is not null) Interlocked.Increment(ref problems);
                        }
                        if (problem is not null) Interlocked.Increment(ref problems);
                        break;
                }
            }
        });

        Assert.Equal(0, wrong);
        Assert.Equal(0, problems); // no corruption, no lock timeouts, no write failures
        Assert.True(hits > 0);
        var final = ContentStore.Open(root);
        Assert.True(final.Verify().IsHealthy);
        Assert.Equal(SizeIndex.Scan(CacheFileSystem.Physical, new StoreLayout(root)), final.Totals);
    }

    [Fact]
    public void Four_processes_storing_restoring_and_evicting_on_one_root()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("cache");
        var processes = Enumerable.Range(0, 4)
            .Select(i => HelperProcess.Start("stress", root, temp.Combine("work" + i), "80", (i + 1).ToString()))
            .ToList();
        foreach (var process in processes)
        {
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), "helper did not finish");
            var errors = process.StandardError.ReadToEnd();
            Assert.True(process.ExitCode == 0, $"helper exit {process.ExitCode}: {errors}");
            process.Dispose();
        }
        var store = ContentStore.Open(root);
        var verify = store.Verify();
        Assert.True(verify.IsHealthy, string.Join("\n", verify.Problems));
        Assert.Equal(SizeIndex.Scan(CacheFileSystem.Physical, new StoreLayout(root)), store.Totals);
    }
}
