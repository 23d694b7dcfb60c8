using FlowForge.Tool.Commands;

namespace FlowForge.Tool.Tests;

public sealed class GitCommandTests
{
    [Fact]
    public void JsonCarriesTheCommitBranchAndDescribe()
    {
        using var repo = new GitTestRepository();
        repo.Write("a.txt", "a\n");
        repo.CommitAll("first");
        repo.Git("-c", "user.name=FlowForge Tests", "-c", "user.email=tests@flowforge.invalid", "tag", "-a", "v2.0", "-m", "v2.0");
        var commit = repo.Git("rev-parse", "HEAD").Trim();

        var output = new StringWriter();
        Assert.Equal(0, GitCommand.Run(repo.Root, json: true, output, new StringWriter()));
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(commit, json.RootElement.GetProperty("commit").GetString());
        Assert.Equal("main", json.RootElement.GetProperty("branch").GetString());
        Assert.Equal($"v2.0-0-g{commit[..7]}", json.RootElement.GetProperty("describe").GetString());
        Assert.False(json.RootElement.GetProperty("isDirty").GetBoolean());
    }

    [Fact]
    public void TableShowsTheBuildPropertiesAndNoRepositoryIsAWarning()
    {
        using var repo = new GitTestRepository();
        repo.Write("a.txt", "a\n");
        repo.CommitAll("first");
        File.WriteAllText(repo.PathOf("a.txt"), "changed\n");
        var output = new StringWriter();
        Assert.Equal(0, GitCommand.Run(repo.Root, json: false, output, new StringWriter()));
        Assert.Contains("FlowForgeGitCommit", output.ToString());
        Assert.Matches(@"FlowForgeGitDirty\s*│\s*true", output.ToString());

        var outside = Path.Combine(Path.GetTempPath(), "ff-norepo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(outside);
        try
        {
            var error = new StringWriter();
            Assert.Equal(0, GitCommand.Run(outside, json: false, new StringWriter(), error));
            Assert.Contains("warning FF3001", error.ToString());
        }
        finally { Directory.Delete(outside); }
    }
}
