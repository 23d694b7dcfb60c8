using FlowForge.Caching;
using FlowForge.Core.Hashing;

// Usage:
//   store-loop <cacheRoot> <workDir>          store random entries forever (the parent kills us with SIGKILL)
//   stress <cacheRoot> <workDir> <iterations> <seed>
//                                             store/restore/prune mix; exit 1 if any restore produced wrong bytes
// Entries are derived from a small key space so processes collide on the same keys and blobs on purpose.
if (args.Length < 3) { Console.Error.WriteLine("usage: store-loop|stress <cacheRoot> <workDir> [iterations seed]"); return 2; }
var mode = args[0];
var root = args[1];
var work = Directory.CreateDirectory(args[2]).FullName;
int iterations = args.Length > 3 ? int.Parse(args[3]) : int.MaxValue;
var random = new Random(args.Length > 4 ? int.Parse(args[4]) : Environment.ProcessId);
var store = ContentStore.Open(root, new ContentStoreOptions
{
    // store-loop must never evict: the kill test asserts no entry names a missing blob, which eviction may cause by design.
    SizeLimitBytes = mode == "stress" ? 3 * 1024 * 1024 : 4L * 1024 * 1024 * 1024,
    LockTimeout = TimeSpan.FromSeconds(30),
});

Console.WriteLine("ready");
int wrong = 0;
for (int i = 0; i < iterations; i++)
{
    int keyNumber = random.Next(mode == "stress" ? 24 : 1_000_000);
    var key = ContentHash.Of($"key-{keyNumber}");
    var outputs = ExpectedOutputs(keyNumber);

    if (mode == "stress" && random.Next(3) == 0)
    {
        if (store.TryGetEntry(key, out var entry, out _) && entry is not null)
        {
            var destination = Path.Combine(work, $"restore-{i}");
            var result = store.Restore(entry, destination);
            if (result.Success)
            {
                foreach (var (name, bytes) in outputs)
                    if (!File.ReadAllBytes(Path.Combine(destination, name)).AsSpan().SequenceEqual(bytes))
                    {
                        Console.Error.WriteLine($"WRONG BYTES key-{keyNumber} {name}");
                        wrong++;
                    }
            }
            // A failed restore (blob evicted by another process meanwhile: a plain miss) may leave no folder.
            if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        }
        continue;
    }
    if (mode == "stress" && random.Next(10) == 0)
    {
        store.Prune(1024 * 1024);
        continue;
    }

    var source = Path.Combine(work, $"obj-{i % 4}");
    if (Directory.Exists(source)) Directory.Delete(source, recursive: true);
    foreach (var (name, bytes) in outputs)
    {
        var path = Path.Combine(source, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
    store.Store(key, source, outputs.Select(o => o.Name).ToArray(), [$"warning CS0168: key-{keyNumber}"]);
}
return wrong == 0 ? 0 : 1;

// Deterministic contents per key, so any process can check what another stored.
static (string Name, byte[] Bytes)[] ExpectedOutputs(int keyNumber)
{
    var r = new Random(keyNumber);
    byte[] Make(int size) { var b = new byte[size]; r.NextBytes(b); return b; }
    return
    [
        ("Lib.dll", Make(20_000 + r.Next(200_000))),
        ("ref/Lib.dll", Make(4_000 + r.Next(8_000))),
        ("Lib.pdb", Make(10_000 + r.Next(50_000))),
    ];
}
