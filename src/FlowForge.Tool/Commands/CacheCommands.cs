using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FlowForge.Caching;
using FlowForge.Config;
using FlowForge.Core.Diagnostics;
using Spectre.Console;

namespace FlowForge.Tool.Commands;

internal static partial class ToolCommands
{
    static partial void AddCache(List<Command> commands) => commands.Add(CacheCommands.Create());
}

/// <summary>
/// <c>dotnet flowforge cache stats | prune [--size 5GB] | clear | verify</c>: the local build output cache. The cache
/// root is <c>--cache-root</c>, else the configured one (flowforge.toml's <c>cache.root</c> found from the current
/// folder, FLOWFORGE_CACHE, the per-user default), exactly as a build in this folder resolves it. <c>--json</c> prints
/// one JSON document for scripts. Long work (verify, prune) shows a progress bar on a terminal and plain progress lines
/// when the output is redirected.
/// </summary>
public static class CacheCommands
{
    /// <summary>Exit code when <c>verify</c> found (and removed) corrupt files.</summary>
    public const int CorruptFound = 1;

    /// <summary>Exit code for unusable arguments.</summary>
    public const int BadArguments = 2;

    public static Command Create()
    {
        var root = new Option<string?>("--cache-root") { Description = "The cache folder. Default: the configured one (flowforge.toml cache.root, FLOWFORGE_CACHE, per-user folder)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON, for scripts and CI." };
        Command Sub(string name, string description, Func<Options, int> run, params Option[] extra)
        {
            var command = new Command(name, description) { root, json };
            foreach (var option in extra) command.Options.Add(option);
            command.SetAction(result => run(new Options(result.GetValue(root), result.GetValue(json), Console.Out, Console.Error)
            {
                Size = extra.Length > 0 ? result.GetValue((Option<string?>)extra[0]) : null,
                Interactive = !Console.IsOutputRedirected && !result.GetValue(json),
            }));
            return command;
        }
        var size = new Option<string?>("--size") { Description = "Prune down to this size, e.g. 5GB, 500MB, 2GiB. Default: the configured size limit (FlowForgeCacheSizeLimit, 10 GB)." };
        return new Command("cache", "Inspect and maintain the local build output cache.")
        {
            Sub("stats", "Entries, size and limit (from the size index, instant at any size), recent hit rate, remote cache.", Stats),
            Sub("prune", "Evict least recently used entries down to a size.", Prune, size),
            Sub("clear", "Delete every entry of the local cache.", Clear),
            Sub("verify", "Re-hash every cached file; report and remove corrupt ones (exit code 1 when any were found).", Verify),
        };
    }

    /// <summary>Arguments of every subcommand. <see cref="Environment"/> and <see cref="WorkingDirectory"/> are for tests.</summary>
    public sealed record Options(string? CacheRoot, bool Json, TextWriter Output, TextWriter Error)
    {
        public string? Size { get; init; }
        public bool Interactive { get; init; }
        public Func<string, string?>? Environment { get; init; }
        public string? WorkingDirectory { get; init; }
    }

    public static int Stats(Options o)
    {
        var settings = Resolve(o);
        bool exists = Directory.Exists(settings.Root);
        // Read-only: looking must not create the folder or write statistics.
        var stats = exists ? ContentStore.Open(settings.Root, new ContentStoreOptions { ReadOnly = true, SizeLimitBytes = settings.SizeLimitBytes }).GetStats()
            : new CacheStats(0, 0, 0, settings.SizeLimitBytes, 0, 0, 0);
        var remote = settings.RemoteUrl is null ? null : RemoteCacheUrl.Sanitize(settings.RemoteUrl);
        // The end-of-build waits for the background writer, newest last (one line per MSBuild node and build).
        var drains = exists ? WriterLog.Read(settings.Root).TakeLast(5).ToList() : [];
        if (o.Json)
        {
            Write(o, new
            {
                root = settings.Root,
                exists,
                enabled = settings.Enabled,
                readOnly = settings.ReadOnly,
                entries = stats.Entries,
                blobs = stats.Blobs,
                bytes = stats.Bytes,
                sizeLimitBytes = stats.SizeLimitBytes,
                recentHits = stats.RecentHits,
                recentMisses = stats.RecentMisses,
                recentHitRate = Math.Round(stats.RecentHitRate, 4),
                recentBytesRestored = stats.RecentBytesRestored,
                remote = remote is null ? null : new { url = remote, readOnly = settings.RemoteReadOnly, readOnlyReason = settings.RemoteReadOnlyReason },
                writerDrains = drains,
            });
            return 0;
        }
        var console = ConsoleFor(o);
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("Cache root", settings.Root + (exists ? "" : " (does not exist yet)"));
        if (!settings.Enabled) Row("Cache", "disabled (FlowForgeCache=false)");
        if (settings.ReadOnly) Row("Mode", "read-only (FlowForgeCacheReadOnly=true)");
        Row("Entries", stats.Entries.ToString("N0", CultureInfo.InvariantCulture));
        Row("Blobs", stats.Blobs.ToString("N0", CultureInfo.InvariantCulture));
        Row("Size", $"{ConfigValues.FormatSize(stats.Bytes)} of {ConfigValues.FormatSize(stats.SizeLimitBytes)} ({Percent(stats.Bytes, stats.SizeLimitBytes)})");
        Row("Recent lookups", stats.RecentHits + stats.RecentMisses == 0 ? "none yet"
            : $"{stats.RecentHits} hits, {stats.RecentMisses} misses: {stats.RecentHitRate:P0} hit rate, {ConfigValues.FormatSize(stats.RecentBytesRestored)} restored");
        Row("Remote cache", remote is null ? "none (FlowForgeRemoteCacheUrl / FLOWFORGE_REMOTE_CACHE_URL)"
            : remote + (settings.RemoteReadOnly ? $" (read-only: {settings.RemoteReadOnlyReason})" : ""));
        foreach (var drain in drains)
            Row("End of build waited", DescribeDrain(drain));
        console.Write(table);
        return 0;
    }

    /// <summary>"2026-12-06 02:40:01Z, process 123: 1.2 s for 4 stores (3.1 MB); FF2018: dropped 1 (800 KB)".</summary>
    internal static string DescribeDrain(WriterLog.Line drain)
    {
        var text = $"{drain.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, process {drain.ProcessId}: {drain.WaitedMs / 1000:0.0} s for " +
                   $"{drain.Stores} store{(drain.Stores == 1 ? "" : "s")} ({ConfigValues.FormatSize(drain.Bytes)})";
        if (drain.Code is not null) text += $"; {drain.Code}: dropped {drain.Dropped} ({ConfigValues.FormatSize(drain.DroppedBytes)}) at the {drain.BoundMs / 1000:0.#} s bound";
        if (drain.Problems is { Count: > 0 } problems) text += $"; {problems.Count} problem{(problems.Count == 1 ? "" : "s")}: {problems[0]}";
        return text;
    }

    public static int Prune(Options o)
    {
        var settings = Resolve(o);
        long target = settings.SizeLimitBytes;
        if (o.Size is not null && !ConfigValues.TryParseSize(o.Size, out target))
        {
            o.Error.WriteLine($"error FF5103: '--size {o.Size}' is not a size. Write bytes or a size such as 5GB, 500MB, 1.5GiB.");
            return BadArguments;
        }
        if (!Directory.Exists(settings.Root)) return Nothing(o, settings.Root, "prune");
        var store = ContentStore.Open(settings.Root, new ContentStoreOptions { SizeLimitBytes = settings.SizeLimitBytes });
        var result = WithProgress(o, "Pruning", "prune: deleted {0} of {1} files", progress => store.Prune(target, progress));
        return Finish(o, result, "prune", new
        {
            root = settings.Root,
            targetBytes = target,
            bytesBefore = result.BytesBefore,
            bytesAfter = result.BytesAfter,
            filesDeleted = result.FilesDeleted,
        }, $"Pruned {settings.Root} to {ConfigValues.FormatSize(target)}: {ConfigValues.FormatSize(result.BytesBefore)} → {ConfigValues.FormatSize(result.BytesAfter)}, {result.FilesDeleted} files deleted.");
    }

    public static int Clear(Options o)
    {
        var settings = Resolve(o);
        if (!Directory.Exists(settings.Root)) return Nothing(o, settings.Root, "clear");
        var result = ContentStore.Open(settings.Root).Clear();
        return Finish(o, result, "clear", new
        {
            root = settings.Root,
            bytesBefore = result.BytesBefore,
            bytesAfter = result.BytesAfter,
            filesDeleted = result.FilesDeleted,
        }, $"Cleared {settings.Root}: {result.FilesDeleted} files, {ConfigValues.FormatSize(result.BytesBefore)} freed.");
    }

    public static int Verify(Options o)
    {
        var settings = Resolve(o);
        if (!Directory.Exists(settings.Root)) return Nothing(o, settings.Root, "verify");
        // With a cache key configured, as a build would use it, every entry's signature is checked too: an entry no listed
        // key signed is one a keyed build refuses (FF2016), so verify reports and removes it like a corrupt one.
        var signer = CompileCache.ResolveSigner(settings, out var keyProblem);
        if (keyProblem is not null)
        {
            o.Error.WriteLine(Diagnostic.Error(CacheDiagnosticCodes.CacheKeyUnusable,
                $"The build cache key is unusable: {keyProblem}. Nothing was verified. Set {EntrySigner.KeyVariable} or FlowForgeCacheKeyFile " +
                "(cache.keyFile) to keys of at least 16 characters, or unset both to verify checksums only.").ToString());
            return BadArguments;
        }
        var store = ContentStore.Open(settings.Root, new ContentStoreOptions { SizeLimitBytes = settings.SizeLimitBytes, ReadOnly = settings.ReadOnly, Signer = signer });
        var result = WithProgress(o, "Verifying", "verify: checked {0} of {1} files", progress => store.Verify(progress));
        int code = result.IsHealthy ? 0 : CorruptFound;
        if (o.Json)
        {
            Write(o, new
            {
                root = settings.Root,
                healthy = result.IsHealthy,
                signaturesChecked = signer is not null,
                blobsChecked = result.BlobsChecked,
                entriesChecked = result.EntriesChecked,
                corruptBlobs = result.CorruptBlobs,
                corruptEntries = result.CorruptEntries,
                danglingEntries = result.DanglingEntries,
                problems = result.Problems.Select(Json),
            });
            return code;
        }
        foreach (var problem in result.Problems) o.Output.WriteLine(problem.ToString());
        o.Output.WriteLine($"Verified {result.BlobsChecked} blobs and {result.EntriesChecked} entries{(signer is not null ? " (checksums and signatures)" : "")} in {settings.Root}: " +
            (result.IsHealthy ? "all intact" : $"{result.CorruptBlobs} corrupt blobs and {result.CorruptEntries} corrupt entries {(settings.ReadOnly ? "found" : "removed")}") +
            (result.DanglingEntries > 0 ? $"; {result.DanglingEntries} entries whose files were evicted {(settings.ReadOnly ? "found" : "removed")}." : "."));
        return code;
    }

    /// <summary>The cache settings a build started in the working folder would use, with <c>--cache-root</c> applied.</summary>
    internal static CompileCacheSettings Resolve(Options o)
    {
        var environment = o.Environment ?? System.Environment.GetEnvironmentVariable;
        var config = FlowForgeConfig.Load(o.WorkingDirectory ?? Directory.GetCurrentDirectory(), environment);
        foreach (var d in config.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Message)) o.Error.WriteLine(d.ToString());
        var settings = CompileCacheSettings.From(config.Settings, environment);
        return o.CacheRoot is null ? settings : settings with { Root = Path.GetFullPath(o.CacheRoot, o.WorkingDirectory ?? Directory.GetCurrentDirectory()) };
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar on a terminal, or with a plain line at every tenth of the work
    /// (and at the end) when the output is redirected; nothing extra with --json.
    /// </summary>
    private static T WithProgress<T>(Options o, string title, string lineFormat, Func<IProgress<VerifyProgress>, T> work)
    {
        if (o.Json) return work(new Reporter(_ => { }));
        if (o.Interactive)
        {
            T result = default!;
            AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask(title);
                    result = work(new Reporter(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Checked;
                    }));
                    task.Value = task.MaxValue;
                });
            return result;
        }
        int lastTenth = -1;
        return work(new Reporter(p =>
        {
            int tenth = p.Total == 0 ? 10 : (int)(10L * p.Checked / p.Total);
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            o.Output.WriteLine(string.Format(CultureInfo.InvariantCulture, lineFormat, p.Checked, p.Total));
        }));
    }

    private static int Finish(Options o, PruneResult result, string what, object document, string text)
    {
        if (result.Problem is not null)
        {
            o.Error.WriteLine(result.Problem.ToString());
            if (o.Json) Write(o, new { error = Json(result.Problem) });
            return CorruptFound;
        }
        if (o.Json) Write(o, document);
        else o.Output.WriteLine(text);
        return 0;
    }

    private static int Nothing(Options o, string root, string what)
    {
        if (o.Json) Write(o, new { root, exists = false });
        else o.Output.WriteLine($"No build cache at {root}: nothing to {what}.");
        return 0;
    }

    private static object Json(Diagnostic d) => new { code = d.Code, severity = d.Severity.ToString().ToLowerInvariant(), message = d.Message };

    private static void Write(Options o, object document) => o.Output.WriteLine(JsonSerializer.Serialize(document, ToolJson.Options));

    private static IAnsiConsole ConsoleFor(Options o)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(o.Output) });
        if (!o.Interactive) console.Profile.Width = 160;
        return console;
    }

    private static string Percent(long part, long whole) => whole <= 0 ? "-" : ((double)part / whole).ToString("P0", CultureInfo.InvariantCulture);

    /// <summary>Synchronous progress: <see cref="Progress{T}"/> would post to the thread pool and report late.</summary>
    private sealed class Reporter(Action<VerifyProgress> report) : IProgress<VerifyProgress>
    {
        public void Report(VerifyProgress value) => report(value);
    }
}
