using System.Text.Json;
using FlowForge.Caching;
using FlowForge.Core.Hashing;
using FlowForge.Tool.Commands;

namespace FlowForge.Tool.Tests;

/// <summary><c>dotnet flowforge cache stats | prune | clear | verify</c> on real cache folders.</summary>
public sealed class CacheCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ff-cachecmd-").FullName;

    private string PathOf(params string[] parts) => Path.Combine([_root, .. parts]);

    /// <summary>A cache under <paramref name="cacheRoot"/> with <paramref name="count"/> entries of two outputs each.</summary>
    private static ContentStore Populate(string cacheRoot, int count)
    {
        var store = ContentStore.Open(cacheRoot);
        var random = new Random(count);
        for (int i = 0; i < count; i++)
        {
            var obj = Path.Combine(cacheRoot, "..", "obj" + i);
            Directory.CreateDirectory(obj);
            foreach (var name in new[] { "App.dll", "App.pdb" })
            {
                var bytes = new byte[2000 + random.Next(5000)];
                random.NextBytes(bytes);
                File.WriteAllBytes(Path.Combine(obj, name), bytes);
            }
            Assert.True(store.Store(ContentHash.Of("k" + i), obj, ["App.dll", "App.pdb"], []).Stored);
        }
        return store;
    }

    private CacheCommands.Options Options(string? cacheRoot, bool json, StringWriter output, StringWriter? error = null,
        Dictionary<string, string?>? environment = null) =>
        new(cacheRoot, json, output, error ?? new StringWriter())
        {
            Environment = n => environment?.GetValueOrDefault(n),
            WorkingDirectory = _root,
        };

    [Fact]
    public void Stats_shows_the_latest_waits_for_the_background_writer_with_the_drops()
    {
        var store = Populate(PathOf("cache"), 1);
        WriterLog.Append(store, new CacheWriterDrain(TimeSpan.FromMilliseconds(1234), 4, 3_000_000, 4, 0, 0, false), TimeSpan.FromSeconds(120), []);
        WriterLog.Append(store, new CacheWriterDrain(TimeSpan.FromSeconds(2), 3, 900_000, 1, 2, 800_000, true), TimeSpan.FromSeconds(2),
            [new BackgroundProblem("App.csproj", FlowForge.Core.Diagnostics.Diagnostic.Warning("FF2010", "remote down"))]);

        var text = new StringWriter();
        Assert.Equal(0, CacheCommands.Stats(Options(PathOf("cache"), json: false, text)));
        Assert.Contains("1.2 s for 4 stores", text.ToString());
        Assert.Contains("FF2018: dropped 2", text.ToString());

        var output = new StringWriter();
        Assert.Equal(0, CacheCommands.Stats(Options(PathOf("cache"), json: true, output)));
        using var json = JsonDocument.Parse(output.ToString());
        var drains = json.RootElement.GetProperty("writerDrains");
        Assert.Equal(2, drains.GetArrayLength());
        Assert.Equal(1234, drains[0].GetProperty("waitedMs").GetDouble());
        Assert.Equal("FF2018", drains[1].GetProperty("code").GetString());
        Assert.Equal(800_000, drains[1].GetProperty("droppedBytes").GetInt64());
        Assert.Equal("App.csproj: FF2010: remote down", drains[1].GetProperty("problems")[0].GetString());
    }

    [Fact]
    public void Stats_reads_the_configured_root_and_limit_and_shows_the_remote_without_credentials()
    {
        File.WriteAllText(PathOf("flowforge.toml"), "[cache]\nroot = \"team-cache\"\nsizeLimit = \"1GB\"\n");
        var store = Populate(PathOf("team-cache"), 3);
        Assert.True(store.TryGetEntry(ContentHash.Of("k0"), out var entry, out _));
        Assert.True(store.Restore(entry!, PathOf("restored")).Success);
        Assert.False(store.TryGetEntry(ContentHash.Of("absent"), out _, out _));

        var output = new StringWriter();
        var env = new Dictionary<string, string?> { ["FLOWFORGE_REMOTE_CACHE_URL"] = "https://ci:hunter2@cache.example/ff?token=abc" };
        Assert.Equal(0, CacheCommands.Stats(Options(null, json: true, output, environment: env)));
        Assert.DoesNotContain("hunter2", output.ToString());
        Assert.DoesNotContain("abc", output.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var r = json.RootElement;
        Assert.Equal(PathOf("team-cache"), r.GetProperty("root").GetString());
        Assert.Equal(3, r.GetProperty("entries").GetInt64());
        Assert.Equal(6, r.GetProperty("blobs").GetInt64());
        Assert.Equal(store.SizeBytes, r.GetProperty("bytes").GetInt64());
        Assert.Equal(1_000_000_000, r.GetProperty("sizeLimitBytes").GetInt64());
        Assert.Equal((1, 1, 0.5), (r.GetProperty("recentHits").GetInt32(), r.GetProperty("recentMisses").GetInt32(), r.GetProperty("recentHitRate").GetDouble()));
        Assert.Equal("https://cache.example/ff", r.GetProperty("remote").GetProperty("url").GetString());
        Assert.False(r.GetProperty("remote").GetProperty("readOnly").GetBoolean());

        var table = new StringWriter();
        Assert.Equal(0, CacheCommands.Stats(Options(null, json: false, table, environment: env)));
        Assert.Matches(@"Entries\s*│\s*3", table.ToString());
        Assert.Contains("hit rate", table.ToString());
        Assert.DoesNotContain("hunter2", table.ToString());
    }

    [Fact]
    public void Stats_of_a_missing_cache_does_not_create_it()
    {
        var output = new StringWriter();
        Assert.Equal(0, CacheCommands.Stats(Options(PathOf("nothing-here"), json: false, output)));
        Assert.Contains("does not exist yet", output.ToString());
        Assert.False(Directory.Exists(PathOf("nothing-here")));
    }

    [Fact]
    public void Prune_to_a_size_evicts_and_reports_plain_progress_lines_when_redirected()
    {
        var store = Populate(PathOf("cache"), 10);
        var before = store.SizeBytes;
        var output = new StringWriter();
        Assert.Equal(0, CacheCommands.Prune(Options(PathOf("cache"), json: false, output) with { Size = (before / 2).ToString() }));
        Assert.Contains("prune: deleted", output.ToString());
        Assert.Contains("files deleted", output.ToString());
        Assert.True(store.SizeBytes <= before / 2);

        var json = new StringWriter();
        Assert.Equal(0, CacheCommands.Prune(Options(PathOf("cache"), json: true, json) with { Size = "0" }));
        Assert.Equal(0, JsonDocument.Parse(json.ToString()).RootElement.GetProperty("bytesAfter").GetInt64());
        Assert.Equal(0, store.EntryCount);

        var error = new StringWriter();
        Assert.Equal(CacheCommands.BadArguments, CacheCommands.Prune(Options(PathOf("cache"), json: false, new StringWriter(), error) with { Size = "lots" }));
        Assert.Contains("FF5103", error.ToString());
    }

    [Fact]
    public void Verify_finds_and_removes_a_corrupt_blob_then_reports_a_healthy_cache()
    {
        Populate(PathOf("cache"), 4);
        var blob = Directory.EnumerateFiles(PathOf("cache", "cas"), "*", SearchOption.AllDirectories).First();
        var bytes = File.ReadAllBytes(blob);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);

        var output = new StringWriter();
        Assert.Equal(CacheCommands.CorruptFound, CacheCommands.Verify(Options(PathOf("cache"), json: false, output)));
        var text = output.ToString();
        Assert.Contains("verify: checked", text);
        Assert.Contains("warning FF2001", text);
        Assert.Contains("1 corrupt blobs", text);

        var json = new StringWriter();
        Assert.Equal(0, CacheCommands.Verify(Options(PathOf("cache"), json: true, json)));
        var r = JsonDocument.Parse(json.ToString()).RootElement;
        Assert.True(r.GetProperty("healthy").GetBoolean());
        Assert.Equal(3, r.GetProperty("entriesChecked").GetInt32());
        Assert.DoesNotContain("verify: checked", json.ToString());
    }

    [Fact]
    public void Verify_with_a_cache_key_checks_signatures_and_removes_entries_no_listed_key_signed()
    {
        // Two entries written by a build with the key, two by a build without it: a keyed build refuses the latter
        // (FF2016), and so does verify with the key; without the key verify checks checksums only.
        const string key = "0123456789abcdef0123456789abcdef";
        var signer = EntrySigner.Parse(key, EntrySigner.KeyVariable, out _)!;
        var signed = ContentStore.Open(PathOf("cache"), new ContentStoreOptions { Signer = signer });
        var unsigned = ContentStore.Open(PathOf("cache"));
        for (int i = 0; i < 4; i++)
        {
            var obj = PathOf("obj" + i);
            Directory.CreateDirectory(obj);
            File.WriteAllText(Path.Combine(obj, "App.dll"), "assembly " + i);
            Assert.True((i < 2 ? signed : unsigned).Store(ContentHash.Of("k" + i), obj, ["App.dll"], []).Stored);
        }

        var keyless = new StringWriter();
        Assert.Equal(0, CacheCommands.Verify(Options(PathOf("cache"), json: true, keyless)));
        Assert.False(JsonDocument.Parse(keyless.ToString()).RootElement.GetProperty("signaturesChecked").GetBoolean());

        var environment = new Dictionary<string, string?> { [EntrySigner.KeyVariable] = key };
        var output = new StringWriter();
        Assert.Equal(CacheCommands.CorruptFound, CacheCommands.Verify(Options(PathOf("cache"), json: false, output, environment: environment)));
        Assert.Contains("(checksums and signatures)", output.ToString());
        Assert.Equal(2, output.ToString().Split('\n').Count(l => l.Contains("FF2016", StringComparison.Ordinal)));
        Assert.Contains("2 corrupt entries removed", output.ToString());
        Assert.True(signed.TryGetEntry(ContentHash.Of("k0"), out var kept, out _) && kept is not null);
        Assert.False(unsigned.TryGetEntry(ContentHash.Of("k2"), out var gone, out _) && gone is not null);

        var error = new StringWriter();
        Assert.Equal(CacheCommands.BadArguments, CacheCommands.Verify(Options(PathOf("cache"), json: false, new StringWriter(), error,
            new Dictionary<string, string?> { [EntrySigner.KeyVariable] = "short" })));
        Assert.Contains("FF2017", error.ToString());
    }

    [Fact]
    public void Clear_empties_the_cache()
    {
        var store = Populate(PathOf("cache"), 3);
        var output = new StringWriter();
        Assert.Equal(0, CacheCommands.Clear(Options(PathOf("cache"), json: false, output)));
        Assert.Contains("Cleared", output.ToString());
        Assert.Equal((0L, 0L), (store.EntryCount, store.SizeBytes));
        Assert.Empty(Directory.EnumerateFiles(PathOf("cache", "cas"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_command_tree_has_the_four_subcommands()
    {
        var cache = Program.BuildRootCommand().Subcommands.Single(c => c.Name == "cache");
        Assert.Equal(["stats", "prune", "clear", "verify"], cache.Subcommands.Select(c => c.Name));
        Assert.All(cache.Subcommands, c => Assert.Contains(c.Options, o => o.Name == "--cache-root"));
        Assert.Contains(cache.Subcommands.Single(c => c.Name == "prune").Options, o => o.Name == "--size");
        Assert.Empty(Program.BuildRootCommand().Parse(["cache", "prune", "--size", "5GB", "--cache-root", "x", "--json"]).Errors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
