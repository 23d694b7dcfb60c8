using System.Text;
using FlowForge.Templates;
using FlowForge.Templates.Validation;
using FlowForge.Templates.Values;

namespace FlowForge.Templates.Tests;

/// <summary>Large TOML outputs are re-validated per changed table, with results identical to a full validation.</summary>
public sealed class IncrementalTomlValidationTests
{
    /// <summary>A large document: a preamble and many tables of mixed shapes (dotted keys, arrays, inline tables, multi-line strings).</summary>
    private static string Document(int tables, Func<int, string?>? extra = null)
    {
        var text = new StringBuilder("title = \"big\"\nowner.name = \"ops\"\n\n");
        for (int i = 0; i < tables; i++)
        {
            text.Append($"[service{i}]\nport = {8000 + i}\nhosts = [\n  \"a{i}\", # first\n  \"b{i}\",\n]\n");
            text.Append($"limits = {{ cpu = {i % 8 + 1}, memory = \"{i}Mi\" }}\ntls.enabled = {(i % 2 == 0 ? "true" : "false")}\n");
            text.Append($"notes = \"\"\"\nline one of {i}\n[not.a.table]\nkey = \"not a key\"\n\"\"\"\n");
            if (extra?.Invoke(i) is { } more) text.Append(more).Append('\n');
            text.Append($"\n[[service{i}.routes]]\npath = \"/r{i}\"\n\n");
        }
        return text.ToString();
    }

    private static TemplateResult Full(string text) =>
        TemplateValidator.Process(Template.Parse("{{ body }}", "big.toml.tera"), TemplateFormat.Toml, Vars(text));

    private static TemplateResult Incremental(string text, FlowForge.Chunking.ChunkWorkCache<TomlTableCheck> cache) =>
        TemplateValidator.Process(Template.Parse("{{ body }}", "big.toml.tera"), TemplateFormat.Toml, Vars(text), null, cache);

    private static TemplateVariables Vars(string body) => TemplateVariables.Empty.Overlay([new("body", body)]);

    [Fact]
    public void An_edit_in_one_table_revalidates_only_that_table()
    {
        var cache = IncrementalTomlValidator.LoadCache(null);
        var v1 = Document(400);
        Assert.True(IncrementalTomlValidator.IsValid(v1, cache));
        long firstChecks = cache.Misses;
        Assert.True(firstChecks > 50, $"{firstChecks} chunks");

        cache.ResetCounters();
        var v2 = v1.Replace("port = 8123\n", "port = 9123\n", StringComparison.Ordinal);
        Assert.True(IncrementalTomlValidator.IsValid(v2, cache));
        Assert.Equal(1, cache.Misses);
        Assert.Equal(firstChecks - 1, cache.Hits);
    }

    [Fact]
    public void The_cache_persists_across_runs()
    {
        var file = Path.Combine(Path.GetTempPath(), "ff-toml-tables-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var cache = IncrementalTomlValidator.LoadCache(file);
            var v1 = Document(100);
            Assert.True(IncrementalTomlValidator.IsValid(v1, cache));
            Assert.True(cache.Save(file, onlyUsed: true));

            var reloaded = IncrementalTomlValidator.LoadCache(file);
            Assert.True(IncrementalTomlValidator.IsValid(v1.Replace("port = 8042\n", "port = 1\n", StringComparison.Ordinal), reloaded));
            Assert.Equal(1, reloaded.Misses);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static TheoryData<string> Mutations() => new()
    {
        "none",
        "duplicate-table", "table-redefines-value", "extends-inline-table", "extends-static-array", "dotted-then-header",
        "duplicate-key-in-table", "syntax-error", "unterminated-string", "bad-value", "array-table-after-table",
        "same-key-two-tables", "subtable-after-dotted-in-other-chunk", "preamble-conflict", "header-in-multiline-string",
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Results_are_identical_to_a_full_validation(string mutation)
    {
        string? Extra(int i) => (mutation, i) switch
        {
            ("duplicate-table", 300) => "\n[service10]\nx = 1",
            ("table-redefines-value", 300) => "\n[service10.port]\nx = 1",
            ("extends-inline-table", 250) => "\n[service3.limits.extra]\nx = 1",
            ("extends-static-array", 250) => "\n[[service7.hosts]]\nx = 1",
            ("dotted-then-header", 260) => "\n[service12.tls]\nx = 1",
            ("duplicate-key-in-table", 100) => "port = 1",
            ("syntax-error", 200) => "broken = = 1",
            ("unterminated-string", 390) => "s = \"never closed",
            ("bad-value", 50) => "when = 2024-13-45",
            ("array-table-after-table", 120) => "\n[[service5]]\nx = 1",
            ("same-key-two-tables", 130) => "\n[service130.routes]\nx = 1",
            ("subtable-after-dotted-in-other-chunk", 140) => "\n[owner.name.first]\nx = 1",
            ("preamble-conflict", 150) => "\n[owner]\nname = \"again\"",
            ("header-in-multiline-string", 160) => "quoted = '''\n[service1]\n'''",
            _ => null,
        };
        var text = Document(400, Extra);
        var cache = IncrementalTomlValidator.LoadCache(null);
        // Warm the cache with the unmutated document, as a previous build would have.
        IncrementalTomlValidator.IsValid(Document(400), cache);

        var full = Full(text);
        var incremental = Incremental(text, cache);
        Assert.Equal(full.Succeeded, incremental.Succeeded);
        Assert.Equal(full.Output, incremental.Output);
        Assert.Equal(full.Diagnostics.Select(d => d.ToString()), incremental.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(mutation is "none" or "header-in-multiline-string", full.Succeeded);
        Assert.Equal(full.Succeeded, IncrementalTomlValidator.IsValid(text, IncrementalTomlValidator.LoadCache(null)));
    }

    [Fact]
    public void The_skeleton_keeps_headers_keys_and_value_shapes_only()
    {
        var skeleton = IncrementalTomlValidator.Skeleton("[a.\"b c\"] # c\nx = 1\ny.z = [\n 1, # ]\n 2]\nw = { q = \"}\" }\ns = \"\"\"\nk = 2\n\"\"\"\n[[t]]\n");
        Assert.Equal("[a.\"b c\"]\nx = 0\ny.z = []\nw = {}\ns = 0\n[[t]]\n", skeleton);
    }
}
