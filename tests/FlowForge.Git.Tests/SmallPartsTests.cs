using FlowForge.Core.Diagnostics;
using FlowForge.Git;

namespace FlowForge.Git.Tests;

public class SmallPartsTests
{
    [Theory]
    [InlineData("https://user:token@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("https://ghp_secret@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("http://x-access-token:abc@host:8080/r?x=1", "http://host:8080/r?x=1")]
    [InlineData("ssh://git:pw@host/r.git", "ssh://git@host/r.git")]
    [InlineData("ssh://git@host/r.git", "ssh://git@host/r.git")]
    [InlineData("git@github.com:org/repo.git", "git@github.com:org/repo.git")]
    [InlineData("https://dev.azure.com/org/p/_git/r", "https://dev.azure.com/org/p/_git/r")]
    [InlineData("/srv/repos/r.git", "/srv/repos/r.git")]
    public void RemoteUrlsLoseCredentials(string url, string expected) => Assert.Equal(expected, RemoteUrl.Sanitize(url));

    [Theory]
    [InlineData("", "abcdef1")]
    [InlineData("v1.0", "v1.0-0-gabcdef1")]
    [InlineData("v1.0-3-gabcdef1", "v1.0-3-gabcdef1")]
    [InlineData("weird-1-g1234567", "weird-1-g1234567-0-gabcdef1")] // a tag that only looks like the long form
    public void DescribeIsNormalizedToTheLongForm(string raw, string expected) =>
        Assert.Equal(expected, DescribeNormalizer.Normalize(raw, "abcdef1234567890abcdef1234567890abcdef12", 7));

    [Theory]
    [InlineData("GITHUB_HEAD_REF", "feature/pr", "feature/pr")]
    [InlineData("GITHUB_REF", "refs/heads/release/1.0", "release/1.0")]
    [InlineData("BUILD_SOURCEBRANCH", "refs/heads/main", "main")]
    [InlineData("CI_COMMIT_REF_NAME", "dev", "dev")]
    [InlineData("BITBUCKET_BRANCH", "bb", "bb")]
    [InlineData("BRANCH_NAME", "jenkins", "jenkins")]
    [InlineData("TRAVIS_BRANCH", "travis", "travis")]
    [InlineData("BUILDKITE_BRANCH", "kite", "kite")]
    public void CiVariablesGiveTheBranch(string variable, string value, string expected)
    {
        var found = CiBranchFallback.Find(GitInfoOptions.FromDictionary(new Dictionary<string, string> { [variable] = value }));
        Assert.Equal((expected, variable), found);
    }

    [Fact]
    public void CiPullRequestRefsAreNotBranchesAndPrVariablesWin()
    {
        Assert.Null(CiBranchFallback.Find(GitInfoOptions.FromDictionary(new Dictionary<string, string> { ["GITHUB_REF"] = "refs/pull/5/merge", ["GITHUB_HEAD_REF"] = "" })));
        Assert.Null(CiBranchFallback.Find(GitInfoOptions.FromDictionary(new Dictionary<string, string> { ["GITHUB_REF"] = "refs/tags/v1" })));
        var found = CiBranchFallback.Find(GitInfoOptions.FromDictionary(new Dictionary<string, string> { ["GITHUB_REF"] = "refs/pull/5/merge", ["GITHUB_HEAD_REF"] = "topic" }));
        Assert.Equal(("topic", "GITHUB_HEAD_REF"), found);
    }

    [Fact]
    public void DubiousOwnershipMessageIsRecognized()
    {
        // git 2.39's exact text under LC_ALL=C.
        const string stderr = "fatal: detected dubious ownership in repository at '/src/x'\n" +
            "To add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /src/x\n";
        Assert.True(GitCliErrors.IsDubiousOwnership(stderr));
        Assert.False(GitCliErrors.IsDubiousOwnership("fatal: not a git repository"));
        var diagnostic = GitCliErrors.ToDiagnostic(new GitProcessResult(128, "", stderr), "git status", "/src/x");
        Assert.Equal(GitDiagnosticCodes.DubiousOwnership, diagnostic!.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("safe.directory", diagnostic.Message);
    }

    [Fact]
    public void EveryCodeIsDistinctAndInTheGitRange()
    {
        var codes = typeof(GitDiagnosticCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^FF3[0-9]{3}$", c));
    }

    [Fact]
    public void PackedRefsParsePeeledLinesAndRejectGarbage()
    {
        var a = new string('a', 40);
        var b = new string('b', 40);
        var packed = PackedRefs.Parse(["# pack-refs with: peeled fully-peeled sorted ", $"{a} refs/heads/main", $"{b} refs/tags/v1", "^" + a], GitObjectFormat.Sha1, "packed-refs");
        Assert.True(packed.TryGet("refs/tags/v1", out var id, out var peeled));
        Assert.Equal(b, id);
        Assert.Equal(a, peeled);
        Assert.True(packed.TryGet("refs/heads/main", out _, out var none));
        Assert.Null(none);
        Assert.Throws<CorruptRepositoryException>(() => PackedRefs.Parse(["nonsense refs/heads/x"], GitObjectFormat.Sha1, "packed-refs"));
        Assert.Throws<CorruptRepositoryException>(() => PackedRefs.Parse([$"{a} refs/heads/x"], GitObjectFormat.Sha256, "packed-refs"));
    }

    [Fact]
    public void GitIsLookedUpOnTheGivenPathOnly()
    {
        var empty = Path.Combine(Path.GetTempPath(), "flowforge-no-git-" + Guid.NewGuid().ToString("N"));
        Assert.Null(GitExecutableLocator.Find(null, name => name == "PATH" ? empty : null));
        Assert.Null(GitExecutableLocator.Find(null, _ => null));
        Assert.NotNull(GitExecutableLocator.Find(null, Environment.GetEnvironmentVariable));
    }
}
