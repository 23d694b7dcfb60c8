using System.Diagnostics;
using System.Security.Cryptography;
using FlowForge.Core.Changes;
using FlowForge.Core.Hashing;

// Change detection, measured the way a build meets it:
//  1. 10,000 unchanged inputs, stat cache warm (a build after a build): target under 20 ms.
//  2. the same after every timestamp changed (touch / checkout round trip): every file re-hashed.
//  3. changed content: hashing throughput through the detector as a ratio to raw SHA-256 over the
//     same bytes in memory, measured in the same run: target at least 0.7.
int files = args.Length > 0 ? int.Parse(args[0]) : 10_000;
int runs = args.Length > 1 ? int.Parse(args[1]) : 7;
var root = Path.Combine(Path.GetTempPath(), "ff-bench-changes-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    Directory.CreateDirectory(root);
    var inputs = new List<InputFile>(files);
    var random = new Random(42);
    for (int i = 0; i < files; i++)
    {
        var path = Path.Combine(root, $"d{i % 100}", $"File{i}.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"namespace N{i % 100};\npublic static class C{i} {{ public static int V => {random.Next()}; }}\n" + new string('/', random.Next(200, 3000)));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
        inputs.Add(new InputFile(path, InputKind.Compile));
    }

    var cache = new StatCache();
    var first = ChangeDetector.Detect(inputs, null, cache); // cold: hashes everything, JITs the code
    var manifest = first.Current;

    var warm = new List<double>();
    for (int r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        var report = ChangeDetector.Detect(inputs, manifest, cache);
        warm.Add(sw.Elapsed.TotalMilliseconds);
        if (report.ContentChanged) throw new InvalidOperationException("unchanged inputs reported as changed");
    }

    // The floor: one stat call per input and nothing else.
    var statOnly = new List<double>();
    for (int r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        Parallel.For(0, inputs.Count, i => FileStatus.Of(inputs[i].Path));
        statOnly.Add(sw.Elapsed.TotalMilliseconds);
    }

    // Manifest load + save cost is part of every build: measure it too.
    var manifestFile = Path.Combine(root, "inputs.manifest");
    var io = new List<double>();
    for (int r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        manifest.Save(manifestFile);
        InputManifest.TryLoad(manifestFile, out _);
        io.Add(sw.Elapsed.TotalMilliseconds);
    }

    // Touch every file: content unchanged, every file must be read again.
    var touch = new List<double>();
    for (int r = 0; r < Math.Min(runs, 3); r++)
    {
        var stamp = DateTime.UtcNow.AddMinutes(-4 + r);
        foreach (var f in inputs) File.SetLastWriteTimeUtc(f.Path, stamp);
        var sw = Stopwatch.StartNew();
        var report = ChangeDetector.Detect(inputs, manifest, cache);
        touch.Add(sw.Elapsed.TotalMilliseconds);
        if (report.ContentChanged) throw new InvalidOperationException("touched inputs reported as changed");
        manifest = report.Current;
    }

    // Throughput on changed content: 400 files of 256 KiB (100 MiB).
    var big = new List<InputFile>();
    var bytes = new List<byte[]>();
    for (int i = 0; i < 400; i++)
    {
        var path = Path.Combine(root, "big", $"Big{i}.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var data = RandomNumberGenerator.GetBytes(256 * 1024);
        File.WriteAllBytes(path, data);
        bytes.Add(data);
        big.Add(new InputFile(path, InputKind.Resource));
    }
    long total = bytes.Sum(b => (long)b.Length);
    var detector = new List<double>();
    var raw = new List<double>();
    for (int r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew();
        foreach (var b in bytes) SHA256.HashData(b);
        raw.Add(total / sw.Elapsed.TotalSeconds / 1e6);
        sw.Restart();
        ChangeDetector.Detect(big, null, new StatCache()); // a fresh cache: every file read and hashed
        detector.Add(total / sw.Elapsed.TotalSeconds / 1e6);
    }

    double Median(List<double> values) { values.Sort(); return values[values.Count / 2]; }
    Console.WriteLine($"## Change detection ({files:N0} inputs, {runs} runs, median; {Environment.ProcessorCount} cores)");
    Console.WriteLine();
    Console.WriteLine("| measurement | result | target |");
    Console.WriteLine("|---|---:|---|");
    Console.WriteLine($"| unchanged inputs, stat cache warm | {Median(warm):0.0} ms | < 20 ms |");
    Console.WriteLine($"| floor: one stat call per input, nothing else | {Median(statOnly):0.0} ms | |");
    Console.WriteLine($"| manifest save + load | {Median(io):0.0} ms | |");
    Console.WriteLine($"| every timestamp changed, content not (re-hash all) | {Median(touch):0} ms | |");
    Console.WriteLine($"| raw SHA-256 in memory, one thread | {Median(raw):0} MB/s | |");
    Console.WriteLine($"| changed files through the detector (read + hash) | {Median(detector):0} MB/s | |");
    Console.WriteLine($"| ratio detector / raw SHA-256 | {Median(detector) / Median(raw):0.00} | >= 0.7 |");
}
finally
{
    Directory.Delete(root, recursive: true);
}
