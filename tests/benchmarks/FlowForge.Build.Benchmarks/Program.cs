using FlowForge.Build.Benchmarks;

// Helper of build/bench-gate.sh and build/bench-cache-build.sh.
//   count BINLOG...          prints, per binlog, the number of CoreCompile targets that compiled and the projects
//   summarize RESULTS.tsv    prints the Markdown results table (medians, ratios, compile counts) from the
//                            script's timings (columns: mode, scenario, repetition, variant, seconds, binlog),
//                            then the no-op overhead with all modes pooled
//   pool-noop RESULTS.tsv... the no-op overhead with all modes of all the given runs pooled
//   summarize-cache RESULTS.tsv   the same for the build cache benchmark (variants plain, cold, local, remote;
//                            a 7th column holds what the remote build downloaded, "bytes/requests")
try
{
    if (args.Length >= 2 && args[0] == "count")
    {
        foreach (var binlog in args.Skip(1))
        {
            var projects = CoreCompileCounter.CompiledProjects(binlog);
            Console.WriteLine($"{projects.Count}\t{binlog}\t{string.Join(", ", projects)}");
        }
        return 0;
    }
    if (args.Length == 2 && args[0] == "summarize-cache")
    {
        var runs = BenchmarkRun.ReadAll(args[1]);
        var compiled = runs.Select(r => r.Binlog).Distinct()
            .ToDictionary(b => b, b => CoreCompileCounter.CompiledProjects(b).Count);
        Console.Write(CacheResultsTable.Render(runs, b => compiled[b]));
        return 0;
    }
    if (args.Length == 2 && args[0] == "summarize")
    {
        var runs = BenchmarkRun.ReadAll(args[1]);
        var compiled = runs.Select(r => r.Binlog).Where(b => b != BenchmarkRun.NoBinlog).Distinct()
            .ToDictionary(b => b, b => CoreCompileCounter.CompiledProjects(b).Count);
        Console.Write(ResultsTable.Render(runs, b => compiled[b]));
        var pooled = NoOpOverheadSummary.Render([runs]);
        if (pooled.Length > 0) Console.Write(Environment.NewLine + pooled);
        return 0;
    }
    if (args.Length >= 2 && args[0] == "pool-noop")
    {
        Console.Write(NoOpOverheadSummary.Render(args.Skip(1).Select(BenchmarkRun.ReadAll).ToList()));
        return 0;
    }
}
// A missing, unreadable or unfinished binlog, or a malformed results file: say which, without a stack trace.
catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException or NotSupportedException or EndOfStreamException)
{
    Console.Error.WriteLine("FlowForge.Build.Benchmarks: " + e.Message);
    return 1;
}
Console.Error.WriteLine("usage: count BINLOG... | summarize RESULTS.tsv | pool-noop RESULTS.tsv... | summarize-cache RESULTS.tsv");
return 2;
