using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>RenderTemplates validates TOML outputs per table and keeps the results under obj/ across builds.</summary>
public sealed class RenderTemplatesTomlTablesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ff-toml-tables-" + Guid.NewGuid().ToString("N")[..12]);
    private string StateDirectory => Path.Combine(_root, "obj", "flowforge");

    public RenderTemplatesTomlTablesTests()
    {
        Directory.CreateDirectory(_root);
        var template = new StringBuilder("name = \"{{ name }}\"\n\n");
        for (int i = 0; i < 200; i++)
            template.Append($"[service{i}]\nport = {8000 + i}\nhosts = [\"a{i}\", \"b{i}\"]\nlimits = {{ cpu = {i % 4 + 1} }}\n\n");
        template.Append("[special]\nport = {{ port }}\n");
        File.WriteAllText(Path.Combine(_root, "big.toml.tera"), template.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private (RenderTemplates Task, RecordingBuildEngine Engine) Run(string port)
    {
        var engine = new RecordingBuildEngine();
        var item = new TaskItem("big.toml.tera");
        item.SetMetadata("name", "svc");
        item.SetMetadata("port", port);
        var task = new RenderTemplates { BuildEngine = engine, Templates = [item], ProjectDirectory = _root, StateDirectory = StateDirectory };
        task.Execute();
        engine.EndBuild();
        return (task, engine);
    }

    [Fact]
    public void A_change_in_one_table_rechecks_only_that_table_and_errors_stay_exact()
    {
        var (_, first) = Run("1");
        Assert.Empty(first.Errors);
        Assert.True(File.Exists(Path.Combine(StateDirectory, RenderTemplates.TomlTablesFileName)));
        var firstLine = Assert.Single(first.Messages, m => m.Message!.Contains("TOML tables checked", StringComparison.Ordinal)).Message!;
        Assert.EndsWith("reused 0", firstLine);
        Assert.DoesNotContain("checked 1,", firstLine); // the first build checks every table group

        // A new task instance, as in the next build: results come from obj/.
        var (_, second) = Run("2");
        Assert.Empty(second.Errors);
        var line = Assert.Single(second.Messages, m => m.Message!.Contains("TOML tables checked", StringComparison.Ordinal)).Message!;
        Assert.Contains("TOML tables checked 1,", line);

        // An invalid value in that table: the full parse reports it at the template position, as without the cache.
        var (_, third) = Run("\"unterminated");
        var error = Assert.Single(third.Errors);
        Assert.Equal("FF4005", error.Code);
    }
}
