using System.Diagnostics;

namespace FlowForge.Caching.Benchmarks;

/// <summary>Median timing: run <c>samples</c> batches of <c>batch</c> calls and report the median per call.</summary>
internal static class Measure
{
    public static TimeSpan Median(int samples, int batch, Action action)
    {
        action(); // warm-up (JIT, page cache)
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < batch; i++) action();
            times[s] = watch.Elapsed.TotalMilliseconds / batch;
        }
        Array.Sort(times);
        return TimeSpan.FromMilliseconds(times[samples / 2]);
    }

    public static string Format(TimeSpan t) =>
        t.TotalMilliseconds >= 1 ? $"{t.TotalMilliseconds:0.00} ms" : $"{t.TotalMicroseconds:0.0} µs";
}
