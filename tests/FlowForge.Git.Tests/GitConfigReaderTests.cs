using FlowForge.Git;

namespace FlowForge.Git.Tests;

public class GitConfigReaderTests
{
    [Fact]
    public void ReadsSectionsSubsectionsAndCaseInsensitiveNames()
    {
        var config = GitConfigReader.Parse("""
            [core]
                repositoryformatversion = 1
                Bare = false
            [remote "origin"]
                URL = https://example.com/a.git
                fetch = +refs/heads/*:refs/remotes/origin/*
            [remote "Up Stream"]
                url = git@example.com:b.git
            [Extensions]
                objectformat = sha256
            """);
        Assert.Empty(config.Errors);
        Assert.Equal("1", config.Get("CORE", null, "RepositoryFormatVersion"));
        Assert.False(config.GetBool("core", null, "bare", true));
        Assert.Equal("https://example.com/a.git", config.Get("remote", "origin", "url"));
        Assert.Null(config.Get("remote", "ORIGIN", "url")); // subsections are case-sensitive
        Assert.Equal("git@example.com:b.git", config.Get("Remote", "Up Stream", "url"));
        Assert.Equal(["origin", "Up Stream"], config.GetSubsections("remote"));
        Assert.Equal("sha256", config.Get("extensions", null, "objectFormat"));
    }

    [Fact]
    public void HandlesCommentsQuotesEscapesAndContinuations()
    {
        var config = GitConfigReader.Parse(
            "# comment\n; another\n[a] x = plain value # trailing comment\n" +
            "\ty = \"quoted # not a comment ; either\"  \n" +
            "  z = tab\\there \\\"q\\\" back\\\\slash\n" +
            "  w = first \\\n  second\n" +
            "  v = \"  keeps spaces  \"\n" +
            "  flag\n" +
            "  empty =\n" +
            "[b \"sub \\\"q\\\" \\\\ x\"]\n k = 1\n" +
            "[legacy.SUB]\n k = 2\n" +
            "[c] crlf = value\r\n");
        Assert.Empty(config.Errors);
        Assert.Equal("plain value", config.Get("a", null, "x"));
        Assert.Equal("quoted # not a comment ; either", config.Get("a", null, "y"));
        Assert.Equal("tab\there \"q\" back\\slash", config.Get("a", null, "z"));
        Assert.Equal("first   second", config.Get("a", null, "w")); // git keeps each space around a continuation
        Assert.Equal("  keeps spaces  ", config.Get("a", null, "v"));
        Assert.Equal("true", config.Get("a", null, "flag"));
        Assert.True(config.GetBool("a", null, "flag", false));
        Assert.Equal("", config.Get("a", null, "empty"));
        Assert.Equal("1", config.Get("b", "sub \"q\" \\ x", "k"));
        Assert.Equal("2", config.Get("legacy", "sub", "k")); // the legacy form lower-cases the subsection
        Assert.Equal("value", config.Get("c", null, "crlf"));
    }

    [Fact]
    public void LastValueWinsAndAllValuesAreKept()
    {
        var config = GitConfigReader.Parse("[r]\n u = 1\n[R]\n U = 2\n");
        Assert.Equal("2", config.Get("r", null, "u"));
        Assert.Equal(["1", "2"], config.GetAll("r", null, "u"));
    }

    [Fact]
    public void SyntaxErrorsAreReportedWithLineAndParsingContinues()
    {
        var config = GitConfigReader.Parse("orphan = 1\n[ok]\n good = 1\n bad = \"unterminated\n[broken\n[next]\n k = v\n");
        Assert.Equal([1, 4, 5], config.Errors.Select(e => e.Line).ToArray());
        Assert.Equal("1", config.Get("ok", null, "good"));
        Assert.Equal("v", config.Get("next", null, "k"));
    }
}
