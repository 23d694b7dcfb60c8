using FlowForge.Config;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks.Tests;

public sealed class ReadFlowForgeConfigTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ff-config-task-" + Guid.NewGuid().ToString("N")[..12]);
    private string Project => Path.Combine(_root, "src", "App");

    public ReadFlowForgeConfigTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Project);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_root, "flowforge.toml"), text);

    private static ReadFlowForgeConfig Task(RecordingBuildEngine engine, string project, params (string Property, string Value)[] properties) => new()
    {
        BuildEngine = engine,
        ProjectDirectory = project,
        Properties = properties.Select(p =>
        {
            var item = new TaskItem(p.Property);
            item.SetMetadata("Value", p.Value);
            return (ITaskItem)item;
        }).ToArray(),
    };

    private static string ValueOf(ReadFlowForgeConfig task, string property) =>
        task.Values.Single(v => v.ItemSpec == property).GetMetadata("Value");

    [Fact]
    public void FileValuesAreReturnedButSetPropertiesAreKept()
    {
        WriteConfig("[git]\nbaseRef = \"origin/dev\"\n[cache]\nsizeLimit = \"1GB\"\n[templates]\nproperties = [\"Version\", \"Configuration\"]\n");
        var engine = new RecordingBuildEngine();
        var task = Task(engine, Project, ("FlowForgeCacheSizeLimit", "2GB"), ("FlowForgeGitBaseRef", ""));
        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        Assert.Empty(engine.Errors);
        Assert.Equal(Path.Combine(_root, "flowforge.toml"), task.ConfigFilePath);
        Assert.Equal("origin/dev", ValueOf(task, "FlowForgeGitBaseRef"));
        Assert.Equal("2GB", ValueOf(task, "FlowForgeCacheSizeLimit")); // the MSBuild property wins
        Assert.Equal("MSBuild property FlowForgeCacheSizeLimit", task.Values.Single(v => v.ItemSpec == "FlowForgeCacheSizeLimit").GetMetadata("Source"));
        Assert.Equal("Version;Configuration", ValueOf(task, "FlowForgeTemplateProperties"));
        Assert.Equal("true", ValueOf(task, "FlowForgeCompileGate")); // default
        Assert.Equal(ConfigCatalog.Keys.Count, task.Values.Length);
    }

    [Fact]
    public void UnknownKeyIsOneWarningPerBuildInANode()
    {
        WriteConfig("[cache]\nenabled = true\nsizeLimt = \"1GB\"\n");
        var engine = new RecordingBuildEngine();
        Assert.True(Task(engine, Project).Execute());
        Directory.CreateDirectory(Path.Combine(_root, "src", "Lib"));
        Assert.True(Task(engine, Path.Combine(_root, "src", "Lib")).Execute());
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal((ConfigDiagnosticCodes.UnknownKey, 3, 1), (warning.Code, warning.LineNumber, warning.ColumnNumber));
        Assert.Equal(Path.Combine(_root, "flowforge.toml"), warning.File);
        Assert.Contains("Did you mean 'cache.sizeLimit'?", warning.Message);
        engine.EndBuild();

        // The next build reports it again.
        Assert.True(Task(engine, Project).Execute());
        Assert.Equal(2, engine.Warnings.Count);
    }

    [Fact]
    public void WrongTypeIsAnErrorThatFailsEveryProject()
    {
        WriteConfig("[cache]\nenabled = \"yes\"\n");
        var engine = new RecordingBuildEngine();
        Assert.False(Task(engine, Project).Execute());
        Assert.False(Task(engine, Project).Execute());
        Assert.All(engine.Errors, e => Assert.Equal((ConfigDiagnosticCodes.WrongType, 2, 11), (e.Code, e.LineNumber, e.ColumnNumber)));
        Assert.Equal(2, engine.Errors.Count);
        Assert.Empty(engine.Warnings); // never FF9001: a user mistake is not an internal error
    }

    [Fact]
    public void SyntaxErrorsKeepTheParserCode()
    {
        WriteConfig("[cache\nenabled = true\n");
        var engine = new RecordingBuildEngine();
        Assert.False(Task(engine, Project).Execute());
        var error = Assert.Single(engine.Errors);
        Assert.StartsWith("FF50", error.Code);
        Assert.Equal(1, error.LineNumber);
    }

    [Fact]
    public void WithoutReportingNothingIsLoggedButValuesAreReturned()
    {
        WriteConfig("[cache]\nsizeLimt = 1\n[git]\nbaseRef = \"x\"\n");
        var engine = new RecordingBuildEngine();
        var task = Task(engine, Project);
        task.ReportDiagnostics = false;
        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        Assert.Equal("x", ValueOf(task, "FlowForgeGitBaseRef"));
    }

    [Fact]
    public void NoFileMeansDefaultsAndNoDiagnostics()
    {
        var engine = new RecordingBuildEngine();
        var task = Task(engine, Project);
        Assert.True(task.Execute());
        Assert.Equal("", task.ConfigFilePath);
        Assert.Equal("origin/main", ValueOf(task, "FlowForgeGitBaseRef"));
        Assert.Empty(engine.Warnings);
        Assert.Empty(engine.Errors);
    }

    [Fact]
    public void AnExplicitMissingFileIsAnError()
    {
        var engine = new RecordingBuildEngine();
        var task = Task(engine, Project);
        task.ConfigFile = "missing.toml";
        Assert.False(task.Execute());
        Assert.Equal(ConfigDiagnosticCodes.FileUnreadable, Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void AnUnreadableOverrideIsAWarning()
    {
        var engine = new RecordingBuildEngine();
        var task = Task(engine, Project, ("FlowForgeReportFormat", "pdf"));
        Assert.True(task.Execute());
        Assert.Equal(ConfigDiagnosticCodes.InvalidOverride, Assert.Single(engine.Warnings).Code);
    }
}
