using System.Text;
using FlowForge.Chunking;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>Change detection names the changed members of large inputs (FlowForgeLargeFileThreshold).</summary>
public sealed class LargeInputChangeTests : IDisposable
{
    private readonly ProjectFolder _project = new("ff-large-");
    private string Root => _project.Root;
    private string StateDirectory => _project.StateDirectory;

    public LargeInputChangeTests() => _project.Write("Small.cs", "class Small {}");

    public void Dispose() => _project.Dispose();

    private void WriteBig(int edited = -1)
    {
        var text = new StringBuilder("namespace Gen;\npublic static class Big\n{\n");
        for (int i = 0; i < 300; i++)
            text.Append($"    public static int M{i}(int v) => v + {(i == edited ? 1000 : i)};\n");
        File.WriteAllText(Path.Combine(Root, "Big.g.cs"), text.Append("}\n").ToString());
    }

    private (EvaluateCompileGate Task, RecordingBuildEngine Engine) Run(string threshold = "4KiB")
    {
        var engine = new RecordingBuildEngine();
        var task = new EvaluateCompileGate
        {
            BuildEngine = engine,
            ProjectFile = _project.ProjectFile,
            StateDirectory = StateDirectory,
            StatCacheFile = _project.StatCacheFile,
            LargeFileThreshold = threshold,
            Compile = new[] { "Small.cs", "Big.g.cs" }.Select(c => Path.Combine(Root, c)).ToArray(),
        };
        Assert.True(task.Execute());
        engine.EndBuild();
        return (task, engine);
    }

    private ProjectRecord Record() => ProjectRecord.TryLoad(Path.Combine(StateDirectory, ProjectRecord.FileName), out _)!;

    [Fact]
    public void The_log_line_and_record_name_the_changed_member()
    {
        WriteBig();
        Run();
        Assert.Single(Directory.GetFiles(Path.Combine(StateDirectory, "members")));
        WriteBig(edited: 123);
        var (task, engine) = Run();
        Assert.Empty(engine.Warnings);
        Assert.Equal("1 of 2 inputs changed (Big.g.cs (members changed: Gen.Big.M123(int)))", task.ChangeSummary);
        var changed = Assert.Single(Record().Inputs.Changed);
        Assert.Equal(["Gen.Big.M123(int)"], changed.ChangedMembers);
    }

    [Fact]
    public void Small_inputs_and_an_unchanged_build_do_no_chunking()
    {
        WriteBig();
        Run();
        var list = Directory.GetFiles(Path.Combine(StateDirectory, "members")).Single();
        var written = File.GetLastWriteTimeUtc(list);
        File.WriteAllText(Path.Combine(Root, "Small.cs"), "class Small { int x; }");
        var (task, _) = Run();
        Assert.Equal("1 of 2 inputs changed (Small.cs)", task.ChangeSummary);
        Assert.Null(Record().Inputs.Changed.Single().ChangedMembers);
        Assert.Equal(written, File.GetLastWriteTimeUtc(list)); // the large file's list was not rewritten
    }

    [Fact]
    public void Threshold_zero_turns_member_reports_off_and_a_bad_threshold_is_FF6008()
    {
        WriteBig();
        Run("0");
        Assert.False(Directory.Exists(Path.Combine(StateDirectory, "members")));
        var (_, engine) = Run("lots");
        Assert.Equal([ChunkingDiagnosticCodes.InvalidLargeFileThreshold], engine.Warnings.Select(w => w.Code));
    }
}
