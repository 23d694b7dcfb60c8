using System.Diagnostics;
using FlowForge.Caching;
using FlowForge.Caching.Benchmarks;
using FlowForge.Core.Hashing;

// Benchmarks of FlowForge.Caching. Prints a Markdown table of medians. Usage: [--large N] (entries of the big store).
int large = args.Length >= 2 && args[0] == "--large" ? int.Parse(args[1]) : 100_000;
var work = Directory.CreateTempSubdirectory("ffcache-bench-").FullName;
var rows = new List<(string What, string Value, string Note)>();
try
{
    // A typical set of compile outputs: a few files of 10 KB – 2 MB.
    var obj = Path.Combine(work, "obj");
    var outputs = new (string Name, int Size)[]
    {
        ("Lib.dll", 600_000), ("ref/Lib.dll", 50_000), ("refint/Lib.dll", 50_000), ("Lib.pdb", 2_000_000), ("Lib.xml", 10_000),
    };
    var random = new Random(1);
    foreach (var (name, size) in outputs)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(obj, name))!);
        File.WriteAllBytes(Path.Combine(obj, name), bytes);
    }
    var names = outputs.Select(o => o.Name).ToArray();
    long totalBytes = outputs.Sum(o => (long)o.Size);

    // 1. Hit lookup on a warm store.
    var store = ContentStore.Open(Path.Combine(work, "warm"));
    var key = ContentHash.Of("bench-key");
    store.Store(key, obj, names, ["warning CS0168: x"]);
    var hit = Measure.Median(15, 500, () => { if (!store.TryGetEntry(key, out _, out _)) throw new InvalidOperationException("miss"); });
    rows.Add(("cache-hit lookup (TryGetEntry, warm store)", Measure.Format(hit), "target < 1 ms"));
    var miss = Measure.Median(15, 500, () => store.TryGetEntry(ContentHash.Of("absent"), out _, out _));
    rows.Add(("cache-miss lookup", Measure.Format(miss), ""));

    // 2. Restore throughput.
    store.TryGetEntry(key, out var entry, out _);
    int n = 0;
    var restore = Measure.Median(15, 1, () =>
    {
        var result = store.Restore(entry!, Path.Combine(work, "restore", (n++ % 3).ToString()));
        if (!result.Success) throw new InvalidOperationException(result.Problem?.ToString());
    });
    rows.Add(($"restore {outputs.Length} files, {totalBytes / 1e6:0.00} MB (copy + verify)", Measure.Format(restore),
        $"{totalBytes / 1e6 / restore.TotalSeconds:0} MB/s"));

    // 3. Store (outputs new to the store) and store with all blobs already present.
    int s = 0;
    var storeFresh = Measure.Median(9, 1, () =>
    {
        var bytes = new byte[600_000];
        random.NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(obj, "Lib.dll"), bytes);
        store.Store(ContentHash.Of("fresh" + s++), obj, names, []);
    });
    rows.Add(("store, 1 new blob of 5 (Lib.dll changed)", Measure.Format(storeFresh), ""));
    var storeDedup = Measure.Median(9, 1, () => store.Store(ContentHash.Of("dedup" + s++), obj, names, []));
    rows.Add(("store, all blobs present (dedup)", Measure.Format(storeDedup), ""));

    // 4. Size queries at 100 and at `large` entries: O(1) from the size index.
    foreach (var count in new[] { 100, large })
    {
        var root = Path.Combine(work, "size-" + count);
        var populate = Stopwatch.StartNew();
        Populate(root, count);
        populate.Stop();
        var rebuild = Stopwatch.StartNew();
        var big = ContentStore.Open(root); // no index yet: rebuilt by one scan
        rebuild.Stop();
        if (big.EntryCount != count) throw new InvalidOperationException($"{big.EntryCount} != {count}");
        var size = Measure.Median(15, 1000, () => _ = big.SizeBytes);
        rows.Add(($"size query (SizeBytes) at {count:N0} entries", Measure.Format(size), "flat = O(1)"));
        var lookupBig = Measure.Median(15, 500, () => big.TryGetEntry(ContentHash.Of("e" + (count / 2)), out _, out _));
        rows.Add(($"cache-hit lookup at {count:N0} entries", Measure.Format(lookupBig), ""));
        var storeBig = Measure.Median(9, 1, () => big.Store(ContentHash.Of("dedup" + s++), obj, names, []));
        rows.Add(($"store (dedup) at {count:N0} entries: index update", Measure.Format(storeBig), "flat = incremental index"));
        rows.Add(($"size index rebuild by scan at {count:N0} entries", Measure.Format(rebuild.Elapsed), "only when missing/corrupt"));
        _ = populate;
    }

    // 5. Remote: store + upload, and fetch into an empty local store, via nginx WebDAV on loopback.
    using var nginx = Nginx.TryStart(Path.Combine(work, "nginx"));
    if (nginx is null)
    {
        rows.Add(("remote rows", "skipped", "nginx not installed"));
    }
    else
    {
        var options = new RemoteCacheOptions { BaseUrl = new Uri(nginx.Url) };
        using var writer = new TieredCache(ContentStore.Open(Path.Combine(work, "remote-writer")), new HttpRemoteCache(options));
        int r = 0;
        var keys = new List<ContentHash>();
        var upload = Measure.Median(9, 1, () =>
        {
            // New bytes every time so every blob really travels.
            foreach (var (name, size) in outputs)
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                File.WriteAllBytes(Path.Combine(obj, name), bytes);
            }
            var k = ContentHash.Of("remote" + r++);
            keys.Add(k);
            var result = writer.Store(k, obj, names, []);
            if (!result.EntryUploaded) throw new InvalidOperationException(string.Join("; ", result.Problems));
        });
        rows.Add(($"remote store: local store + upload {totalBytes / 1e6:0.00} MB (HEAD + PUT x5 + entry)", Measure.Format(upload),
            $"{totalBytes / 1e6 / upload.TotalSeconds:0} MB/s"));
        int f = 0;
        var fetch = Measure.Median(9, 1, () =>
        {
            using var reader = new TieredCache(ContentStore.Open(Path.Combine(work, "remote-reader" + f)), new HttpRemoteCache(options));
            var lookup = reader.Lookup(keys[f++ % keys.Count]);
            if (lookup.Tier != CacheTier.Remote) throw new InvalidOperationException(string.Join("; ", lookup.Problems));
        });
        rows.Add(($"remote fetch into empty local store {totalBytes / 1e6:0.00} MB (GET entry + 5 blobs, verify)", Measure.Format(fetch),
            $"{totalBytes / 1e6 / fetch.TotalSeconds:0} MB/s"));
    }

    Console.WriteLine($"FlowForge.Caching benchmark ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription})");
    Console.WriteLine();
    Console.WriteLine("| measurement | median | note |");
    Console.WriteLine("|---|---:|---|");
    foreach (var (what, value, note) in rows) Console.WriteLine($"| {what} | {value} | {note} |");
    return 0;
}
finally
{
    try { Directory.Delete(work, recursive: true); } catch (IOException) { }
}

// Writes `count` small entries straight into the layout (much faster than `count` Store calls), each naming one
// shared blob; the size index is left missing so opening the store measures the rebuild scan.
static void Populate(string root, int count)
{
    var blob = "shared blob"u8.ToArray();
    var blobHash = ContentHash.Of(blob);
    var hex = blobHash.ToString();
    Directory.CreateDirectory(Path.Combine(root, "cas", hex[..2]));
    File.WriteAllBytes(Path.Combine(root, "cas", hex[..2], hex), blob);
    var created = new HashSet<string>();
    for (int i = 0; i < count; i++)
    {
        var key = ContentHash.Of("e" + i);
        var entry = new ActionEntry(key, [new OutputFile("Lib.dll", blobHash, blob.Length)], [], DateTime.UtcNow, "bench");
        var k = key.ToString();
        var dir = Path.Combine(root, "ac", k[..2]);
        if (created.Add(dir)) Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, k), ActionEntrySerializer.Serialize(entry));
    }
}
