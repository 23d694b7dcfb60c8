using FlowForge.Git;

namespace FlowForge.Git.Tests;

public class GitInfoCacheTests
{
    [Fact]
    public void HitSkipsTheCliAndACommitIsAMiss()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        t.Commit(repo, "one", ("a.txt", "1"));
        var cacheFile = Path.Combine(repo, "obj", "git-info.json");
        t.Write(repo, ".gitignore", "obj/\n");
        t.Commit(repo, "ignore obj");

        var first = t.Cli();
        var cold = GitInfoProvider.Read(repo, t.Options(first, cacheFile: cacheFile));
        Assert.False(cold.FromCache);
        Assert.Equal(2, first.ProcessesStarted);
        Assert.True(File.Exists(cacheFile));

        var second = t.Cli();
        var warm = GitInfoProvider.Read(repo, t.Options(second, cacheFile: cacheFile));
        Assert.True(warm.FromCache);
        Assert.Equal(0, second.ProcessesStarted);
        Assert.Equal(cold with { FromCache = true, Warnings = warm.Warnings }, warm);

        var next = t.Commit(repo, "two", ("b.txt", "2"));
        var third = t.Cli();
        var afterCommit = GitInfoProvider.Read(repo, t.Options(third, cacheFile: cacheFile));
        Assert.False(afterCommit.FromCache);
        Assert.Equal(next, afterCommit.Commit);
        Assert.Equal(2, third.ProcessesStarted);
    }

    [Fact]
    public void StagingAChangeIsAMiss()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        t.Commit(repo, "one", ("a.txt", "1"));
        var cacheFile = Path.Combine(t.Root, "cache", "git-info.json");
        Assert.False(GitInfoProvider.Read(repo, t.Options(cacheFile: cacheFile)).IsDirty);

        t.Write(repo, "a.txt", "2");
        t.Git(repo, "add", "a.txt"); // rewrites the index: the stamp changes
        var info = GitInfoProvider.Read(repo, t.Options(cacheFile: cacheFile));
        Assert.False(info.FromCache);
        Assert.True(info.IsDirty);
    }

    [Fact]
    public void CorruptCacheFileIsAMiss()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var commit = t.Commit(repo, "one");
        var cacheFile = Path.Combine(t.Root, "cache.json");
        File.WriteAllText(cacheFile, "{ this is not json");

        var info = GitInfoProvider.Read(repo, t.Options(cacheFile: cacheFile));
        Assert.False(info.FromCache);
        Assert.Equal(commit, info.Commit);
        Assert.Equal(GitDiagnosticCodes.CacheCorrupt, Assert.Single(info.Warnings).Code);

        // Rewritten: the next read is a clean hit.
        var again = GitInfoProvider.Read(repo, t.Options(cacheFile: cacheFile));
        Assert.True(again.FromCache);
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public void FailedCliResultsAreNotCached()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        t.Commit(repo, "one");
        var cacheFile = Path.Combine(t.Root, "cache.json");
        var failing = new FakeRunner(_ => new GitProcessResult(-1, "", "", TimedOut: true));
        GitInfoProvider.Read(repo, t.Options(failing, cacheFile: cacheFile));
        Assert.False(File.Exists(cacheFile));
    }

    [Fact]
    public void CiFallbackIsAppliedToCachedResults()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var commit = t.Commit(repo, "one");
        t.Git(repo, "checkout", "-q", "--detach", commit);
        var cacheFile = Path.Combine(t.Root, "cache.json");
        GitInfoProvider.Read(repo, t.Options(cacheFile: cacheFile));
        var info = GitInfoProvider.Read(repo, t.Options(cacheFile: cacheFile, environment: new() { ["BITBUCKET_BRANCH"] = "bb" }));
        Assert.True(info.FromCache);
        Assert.Equal("bb", info.Branch);
    }
}
