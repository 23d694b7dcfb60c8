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
    /// <summary>
    /// The time for outputs MSBuild must see as up to date: when the gate's check began (the inputs it read are older).
    /// Not "now": an input saved while the check ran then stays newer than the outputs, so MSBuild's own check of
    /// CoreCompile runs it.
    /// An input dated in the future (clock skew, files unpacked from a machine that is ahead) must still be older than
    /// the outputs, so they go past it; but never to the same time in two builds. A restore gives an output new content,
    /// and whatever caches files by path and mtime serves the old content for a time seen before: the compiler server
    /// caches referenced assemblies that way, and compiled a dependent project against the previous version of a
    /// reference assembly restored twice to "newest input + 1 ms" (a wrong binary, then stored in the cache;
    /// ContentNotClocksTests). So past a future input the distance grows with the check's start: 1 ms per second of
    /// wall clock since 2000 (about 10 days in 2026), a time no earlier build gave, on any file system with
    /// millisecond times (ext4, XFS, btrfs, APFS, NTFS).
    /// </summary>
    public static DateTime UpToDateStamp(long newestInputTicks, DateTime checkStartedUtc)
    {
        long pastNewest = newestInputTicks + TimeSpan.TicksPerMillisecond;
        if (newestInputTicks < checkStartedUtc.Ticks) return new(Math.Max(checkStartedUtc.Ticks, pastNewest), DateTimeKind.Utc);
        long growing = Math.Max(0, checkStartedUtc.Ticks - FutureStampOrigin.Ticks) / 1000;
        return new(Math.Min(pastNewest + growing, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
    }

    private static readonly DateTime FutureStampOrigin = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

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
