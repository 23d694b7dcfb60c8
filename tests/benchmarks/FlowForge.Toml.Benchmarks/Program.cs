// Parse-throughput benchmark: FlowForge.Toml on a large generated TOML document vs System.Text.Json's
// JsonDocument.Parse on the equivalent JSON, in the same process, reporting medians and the ratio.
// Usage: bench-toml.sh [sizeMB=32] [iterations=7]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FlowForge.Toml;
using FlowForge.Toml.Benchmarks;

int sizeMb = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 32;
int iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;

byte[] toml = Encoding.UTF8.GetBytes(DocumentGenerator.Generate(sizeMb * 1024 * 1024));
TomlDocument check = Toml.Parse(toml);
if (check.HasErrors)
{
    Console.Error.WriteLine("Generated TOML is invalid: " + check.Diagnostics[0]);
    return 1;
}

byte[] json = PlainJson.Write(check.ToModel());
check = null!;

double tomlMbps = Measure(toml, () => Toml.Parse(toml));
double jsonMbps = Measure(json, () => JsonDocument.Parse(json).Dispose());

Console.WriteLine();
Console.WriteLine($"| parser | input | size (MB) | median time (ms) | throughput (MB/s) |");
Console.WriteLine($"|---|---|---:|---:|---:|");
Console.WriteLine(Row("FlowForge.Toml `Toml.Parse`", "TOML", toml.Length, tomlMbps));
Console.WriteLine(Row("System.Text.Json `JsonDocument.Parse`", "JSON", json.Length, jsonMbps));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ratio FlowForge.Toml / JsonDocument: {tomlMbps / jsonMbps:0.00}x (median of {iterations} runs; {Environment.ProcessorCount} cores, .NET {Environment.Version})"));
return 0;

double Measure(byte[] input, Action parse)
{
    // Warm up (JIT, tiered compilation) before timing.
    for (int i = 0; i < 2; i++)
    {
        parse();
    }

    var times = new List<double>();
    for (int i = 0; i < iterations; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var sw = Stopwatch.StartNew();
        parse();
        times.Add(sw.Elapsed.TotalSeconds);
    }

    times.Sort();
    double median = times[times.Count / 2];
    return input.Length / (1024.0 * 1024.0) / median;
}

static string Row(string parser, string kind, int bytes, double mbps)
{
    double mb = bytes / (1024.0 * 1024.0);
    return string.Create(CultureInfo.InvariantCulture, $"| {parser} | {kind} | {mb:0.0} | {mb / mbps * 1000:0} | {mbps:0.0} |");
}
