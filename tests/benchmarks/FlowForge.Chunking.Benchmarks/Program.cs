using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FlowForge.Caching;
using FlowForge.Chunking;
using FlowForge.Chunking.Tests;
using FlowForge.Core.Hashing;

// Chunking benchmark: dedup store growth over 20 small edits, and chunking throughput as a ratio to SHA-256
// measured in the same run (absolute MB/s depend on the machine; the ratio travels).
// Usage: bench-chunking.sh [--runs N] [--csharp-mb N] [--binary-mb N]
int runs = 5, csharpMb = 20, binaryMb = 50;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--runs": runs = value; break;
        case "--csharp-mb": csharpMb = value; break;
        case "--binary-mb": binaryMb = value; break;
        default: throw new ArgumentException($"unknown option {args[i]}");
    }
}

const int Edits = 20;
Console.Error.WriteLine($"Generating a {csharpMb} MB C# file and a {binaryMb} MB random binary…");
string source = GenerateCSharp(csharpMb * 1024 * 1024);
byte[] csharp = Encoding.UTF8.GetBytes(source);
byte[] binary = new byte[binaryMb * 1024 * 1024];
new Random(20240601).NextBytes(binary);

var csharpChunker = new CSharpChunker();
var cdc = new ContentDefinedChunker();

// ---- Dedup store growth ----
var storeRows = new List<string[]>();
var realRows = new List<string[]>();
{
    var random = new Random(7);
    var methods = CSharpSourceGenerator.Methods(source);
    string current = source;
    storeRows.Add(StoreGrowth("C# (semantic)", "Big.g.cs", csharp, csharpChunker, realRows, () =>
    {
        var (type, member) = methods[random.Next(methods.Count)];
        current = CSharpSourceGenerator.EditMember(current, type, member, random.Next(1_000_000, 9_999_999));
        return Encoding.UTF8.GetBytes(current);
    }));
}
{
    var random = new Random(11);
    byte[] current = binary;
    storeRows.Add(StoreGrowth("binary (CDC)", "data.bin", binary, cdc, realRows, () =>
    {
        // Alternate in-place overwrites and small insertions, the two edits that break fixed-size blocks.
        int at = random.Next(current.Length);
        var patch = new byte[random.Next(1, 64)];
        random.NextBytes(patch);
        byte[] next;
        if (random.Next(2) == 0)
        {
            next = (byte[])current.Clone();
            patch.AsSpan(0, Math.Min(patch.Length, next.Length - at)).CopyTo(next.AsSpan(at));
        }
        else
        {
            next = new byte[current.Length + patch.Length];
            current.AsSpan(0, at).CopyTo(next);
            patch.CopyTo(next.AsSpan(at));
            current.AsSpan(at).CopyTo(next.AsSpan(at + patch.Length));
        }
        current = next;
        return current;
    }));
}

// ---- Throughput ----
Console.Error.WriteLine($"Measuring throughput (median of {runs} runs after a warm-up)…");
var cuts = new List<int>(binary.Length / 16384);
double shaBinary = Median(runs, () => SHA256.HashData(binary), binary.Length);
double cdcBoundaries = Median(runs, () => { cuts.Clear(); cdc.FindCuts(binary, cuts); }, binary.Length);
double cdcSplit = Median(runs, () => cdc.Split(binary), binary.Length);
double shaCSharp = Median(runs, () => SHA256.HashData(csharp), csharp.Length);
double csBoundaries = Median(runs, () => csharpChunker.FindSpans(csharp), csharp.Length);
double csSplit = Median(runs, () => csharpChunker.Split(csharp), csharp.Length);
int binaryChunks = cdc.FindSpans(binary).Count, csharpChunks = csharpChunker.FindSpans(csharp).Count;

Console.WriteLine("## Chunking benchmark");
Console.WriteLine();
Console.WriteLine($"C# file {Mb(csharp.Length)} MB ({csharpChunks:N0} chunks), random binary {Mb(binary.Length)} MB ({binaryChunks:N0} chunks), {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
Console.WriteLine();
Console.WriteLine($"### Dedup store after {Edits} successive small edits");
Console.WriteLine();
Console.WriteLine("| file | size | naive (20 × size) | store growth over 20 edits | store total (first + growth) | naive / growth | naive / total | target |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var row in storeRows) Console.WriteLine("| " + string.Join(" | ", row) + " |");
Console.WriteLine();
Console.WriteLine($"### The same versions stored in a real FlowForge ContentStore (chunk lists and entries included)");
Console.WriteLine();
Console.WriteLine("| file | naive (20 × size) | store growth over 20 edits | of which chunk lists | store total | naive / total | median store time per version | target |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var row in realRows) Console.WriteLine("| " + string.Join(" | ", row) + " |");
Console.WriteLine();
Console.WriteLine($"### Throughput (median of {runs} runs)");
Console.WriteLine();
Console.WriteLine("| step | data | MB/s | ratio to SHA-256 (same data) | target |");
Console.WriteLine("|---|---|---:|---:|---|");
Row("SHA-256 (SHA256.HashData)", "binary", shaBinary, shaBinary, "");
Row("CDC boundaries only", "binary", cdcBoundaries, shaBinary, Target(cdcBoundaries, 300));
Row("CDC boundaries + chunk SHA-256", "binary", cdcSplit, shaBinary, "");
Row("SHA-256 (SHA256.HashData)", "C#", shaCSharp, shaCSharp, "");
Row("C# boundaries + names", "C#", csBoundaries, shaCSharp, Target(csBoundaries, 100));
Row("C# boundaries + names + chunk SHA-256", "C#", csSplit, shaCSharp, "");
return;

static void Row(string step, string data, double mbps, double sha, string target) =>
    Console.WriteLine($"| {step} | {data} | {mbps:F0} | {mbps / sha:F2} | {target} |");

static string Target(double mbps, int target) => mbps >= target ? $"≥ {target} MB/s: met" : $"≥ {target} MB/s: NOT met";

static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);

static string[] StoreGrowth(string label, string fileName, byte[] first, IChunker chunker, List<string[]> realRows, Func<byte[]> nextVersion)
{
    // The real store: every version stored as a compile output, as the build cache will.
    var root = Directory.CreateTempSubdirectory("ff-bench-chunks-").FullName;
    var real = ContentStore.Open(Path.Combine(root, "cache"));
    var obj = Path.Combine(root, "obj");
    Directory.CreateDirectory(obj);
    var storeTimes = new List<double>();
    long realFirst = 0;
    void StoreReal(byte[] content, int version)
    {
        File.WriteAllBytes(Path.Combine(obj, fileName), content);
        var watch = Stopwatch.StartNew();
        var result = real.Store(ContentHash.Of("bench-version-" + version), obj, [fileName], []);
        storeTimes.Add(watch.Elapsed.TotalMilliseconds);
        if (!result.Stored) throw new InvalidOperationException(result.Problem?.ToString());
        if (version == 0) realFirst = real.Totals.Bytes;
    }

    var store = new Dictionary<ContentHash, int>();
    long Add(byte[] content)
    {
        long added = 0;
        foreach (var chunk in chunker.Split(content))
            if (store.TryAdd(chunk.Hash, chunk.Length)) added += chunk.Length;
        return added;
    }
    long initial = Add(first), growth = 0;
    StoreReal(first, 0);
    for (int edit = 0; edit < Edits; edit++)
    {
        var next = nextVersion();
        growth += Add(next);
        StoreReal(next, edit + 1);
    }
    long naive = (long)Edits * first.Length;
    long realTotal = real.Totals.Bytes, realGrowth = realTotal - realFirst;
    long lists = Directory.EnumerateFiles(Path.Combine(real.Root, "chunks"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    storeTimes.Sort();
    realRows.Add(new[]
    {
        label, $"{Mb(naive)} MB", $"{realGrowth / 1024.0:F1} KiB", $"{lists / 1024.0:F1} KiB (all versions)", $"{Mb(realTotal)} MB",
        $"{naive / (double)realTotal:F1}×", $"{storeTimes[storeTimes.Count / 2]:F0} ms",
        naive / (double)realTotal >= 10 ? "≥ 10×: met" : "≥ 10×: NOT met",
    });
    Directory.Delete(root, recursive: true);
    return new[]
    {
        label, $"{Mb(first.Length)} MB", $"{Mb(naive)} MB", $"{growth / 1024.0:F1} KiB", $"{Mb(initial + growth)} MB",
        $"{naive / (double)Math.Max(1, growth):F0}×", $"{naive / (double)(initial + growth):F1}×",
        naive / (double)(initial + growth) >= 10 ? "≥ 10×: met" : "≥ 10×: NOT met",
    };
}

static double Median(int runs, Action action, long bytes)
{
    action(); // warm-up: JIT tiers, page faults
    var speeds = new double[runs];
    for (int r = 0; r < runs; r++)
    {
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        speeds[r] = bytes / (1024.0 * 1024.0) / watch.Elapsed.TotalSeconds;
    }
    Array.Sort(speeds);
    return speeds[runs / 2];
}

static string GenerateCSharp(int targetBytes)
{
    const int MembersPerType = 10;
    int sample = CSharpSourceGenerator.Generate(1, 100, MembersPerType).Length;
    int types = (int)Math.Ceiling(targetBytes / (sample / 100.0));
    return CSharpSourceGenerator.Generate(1, types, MembersPerType);
}
