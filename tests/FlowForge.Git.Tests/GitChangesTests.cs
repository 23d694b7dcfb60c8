using FlowForge.Git;

namespace FlowForge.Git.Tests;

public class GitChangesTests
{
    private static (TestRepo Temp, string Repo) CreateWithFeatureBranch()
    {
        var t = new TestRepo();
        try
        {
            var repo = t.Init();
            t.Commit(repo, "base", ("libs/core/Core.cs", "core"), ("libs/old/Old.cs", "old"), ("apps/web/Program.cs", "web"), ("README.md", "r"));
            t.Git(repo, "checkout", "-q", "-b", "feature");
            t.Write(repo, "apps/web/Program.cs", "web changed");
            File.Delete(Path.Combine(repo, "README.md"));
            Directory.CreateDirectory(Path.Combine(repo, "libs", "new"));
            t.Git(repo, "mv", "libs/old/Old.cs", "libs/new/New.cs");
            t.Commit(repo, "feature work");
            // main moves on after the branch point: its changes must not show up in the feature's diff.
            t.Git(repo, "checkout", "-q", "main");
            t.Commit(repo, "main work", ("libs/core/Core.cs", "core v2"));
            t.Git(repo, "checkout", "-q", "feature");
            return (t, repo);
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    [Fact]
    public void CommittedChangesSinceTheMergeBaseIncludeDeletionsAndRenamesAsDeletePlusAdd()
    {
        var (t, repo) = CreateWithFeatureBranch();
        using var _ = t;
        var cli = t.Cli();
        var changes = GitChanges.Since(repo, "main", "feature", t.Options(cli));

        Assert.False(changes.IsUnknown);
        Assert.Empty(changes.Warnings);
        Assert.Equal(["README.md", "apps/web/Program.cs", "libs/new/New.cs", "libs/old/Old.cs"], changes.Files.Select(f => f.RelativePath).ToArray());
        Assert.Equal(Path.Combine(repo, "apps", "web", "Program.cs"), changes.Files[1].FullPath);
        Assert.Equal(2, cli.ProcessesStarted); // merge-base + diff
    }

    [Fact]
    public void WithoutHeadTheWorkingTreeCountsIncludingUntracked()
    {
        var (t, repo) = CreateWithFeatureBranch();
        using var _ = t;
        t.Write(repo, "libs/core/Core.cs", "edited, not staged");
        t.Write(repo, "apps/api/New.cs", "untracked");
        t.Write(repo, "staged.txt", "staged");
        t.Git(repo, "add", "staged.txt");

        var changes = GitChanges.Since(repo, "main", options: t.Options());
        Assert.False(changes.IsUnknown);
        Assert.Equal(
            ["README.md", "apps/api/New.cs", "apps/web/Program.cs", "libs/core/Core.cs", "libs/new/New.cs", "libs/old/Old.cs", "staged.txt"],
            changes.Files.Select(f => f.RelativePath).ToArray());
    }

    [Fact]
    public void MissingBaseIsUnknown()
    {
        var (t, repo) = CreateWithFeatureBranch();
        using var _ = t;
        var changes = GitChanges.Since(repo, "origin/does-not-exist", "feature", t.Options());
        Assert.True(changes.IsUnknown);
        Assert.Empty(changes.Files);
        Assert.Equal(GitDiagnosticCodes.BaseRefNotFound, Assert.Single(changes.Warnings).Code);
    }

    [Fact]
    public void OptionLikeRefIsRejected()
    {
        var (t, repo) = CreateWithFeatureBranch();
        using var _ = t;
        var changes = GitChanges.Since(repo, "--output=/tmp/x", null, t.Options());
        Assert.True(changes.IsUnknown);
        Assert.Equal(GitDiagnosticCodes.InvalidRefArgument, Assert.Single(changes.Warnings).Code);
    }

    [Fact]
    public void ShallowCloneWithoutCommonHistoryIsUnknown()
    {
        var (t, repo) = CreateWithFeatureBranch();
        using var _ = t;
        var clone = Path.Combine(t.Root, "shallow");
        t.Git(t.Root, "clone", "-q", "--depth", "1", "--no-single-branch", "file://" + repo.Replace('\\', '/'), clone);
        var changes = GitChanges.Since(clone, "origin/main", "HEAD", t.Options());
        Assert.True(changes.IsUnknown);
        Assert.Equal(GitDiagnosticCodes.ShallowClone, Assert.Single(changes.Warnings).Code);
    }

    [Fact]
    public void GitAbsentIsUnknown()
    {
        var (t, repo) = CreateWithFeatureBranch();
        using var _ = t;
        var changes = GitChanges.Since(repo, "main", "feature", t.Options(environment: new() { ["PATH"] = t.Root }));
        Assert.True(changes.IsUnknown);
        Assert.Equal(GitDiagnosticCodes.GitNotFound, Assert.Single(changes.Warnings).Code);
    }
}
