using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// How the gate makes MSBuild's own up-to-date check of CoreCompile agree with its decision, through the outputs'
/// modification times only (never their content): a skip places every output past the newest input, a forced compile
/// places one output before it. Each returns null on success, or the I/O error's message.
/// </summary>
internal static class OutputTimes
{
    /// <summary>The time for outputs MSBuild must see as up to date: when the gate's check began (the inputs it read are
    /// older), or past the newest input if that lies ahead (an input can carry a future mtime). Not "now": the quick check
    /// compares the outputs with the stamp dated when the check began (LastCheckStamp), and an output newer than that
    /// stamp makes MSBuild run the gate again, as it must when something else rewrote an output.</summary>
    public static DateTime UpToDateStamp(long newestInputTicks, DateTime checkStartedUtc) =>
        new(Math.Max(checkStartedUtc.Ticks, newestInputTicks + TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    /// <summary>Every output gets an mtime past the newest input (see <see cref="UpToDateStamp"/>); the state records the new times.</summary>
    public static string? TryTouch(IReadOnlyList<OutputNow> outputs, long newestInputTicks, DateTime checkStartedUtc, CompileState state, string stateFile)
    {
        var stamp = UpToDateStamp(newestInputTicks, checkStartedUtc);
        try
        {
            foreach (var output in outputs) File.SetLastWriteTimeUtc(output.FullPath, stamp);
            var byPath = state.Outputs.ToDictionary(o => o.Path, StringComparer.Ordinal);
            foreach (var output in outputs)
                if (byPath.TryGetValue(output.RelativePath, out var recorded)) recorded.LastWriteTicksUtc = FileStatus.Of(output.FullPath).LastWriteTicksUtc;
            state.Save(stateFile);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// After a compile: the compiler wrote its outputs one after another, and MSBuild's quick check of the gate target
    /// lists them as inputs as well as outputs, so until they share one time it would run the gate in every build. Each
    /// gets the newest of their times (a few milliseconds forward at most). Only when every output lies under
    /// <paramref name="intermediateDirectory"/> (obj/): FlowForge touches nothing else. Best effort: on an I/O error the
    /// next build's check gives them one time instead.
    /// </summary>
    public static void TryGiveOneTime(IReadOnlyList<string> outputs, string intermediateDirectory)
    {
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(intermediateDirectory)) + Path.DirectorySeparatorChar;
        if (outputs.Count < 2 || !outputs.All(o => o.StartsWith(folder, StatCache.PathComparison))) return;
        try
        {
            // Each output's time read once.
            var times = outputs.Where(File.Exists).Select(o => (Path: o, Time: File.GetLastWriteTimeUtc(o))).ToList();
            if (times.Count < 2) return;
            var newest = times.Max(t => t.Time);
            foreach (var (path, time) in times)
                if (time != newest) File.SetLastWriteTimeUtc(path, newest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The output to age among those the gate may touch: the assembly by preference, as everything downstream
    /// looks at it; null when none exists.</summary>
    public static OutputNow? ChooseOutputToAge(IReadOnlyList<OutputNow> touchable)
    {
        foreach (var output in touchable)
            if (output.Status.Exists && output.FullPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return output;
        foreach (var output in touchable)
            if (output.Status.Exists) return output;
        return null;
    }

    /// <summary>One output gets an mtime a second before the newest input, so MSBuild sees CoreCompile out of date.</summary>
    public static string? TryAge(OutputNow output, long newestInputTicks)
    {
        var past = new DateTime(Math.Max(newestInputTicks - TimeSpan.TicksPerSecond, new DateTime(2000, 1, 1).Ticks), DateTimeKind.Utc);
        try
        {
            File.SetLastWriteTimeUtc(output.FullPath, past);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
