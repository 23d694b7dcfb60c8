using FlowForge.Config;

namespace FlowForge.Caching.Tests;

public class PullRequestBuildTests
{
    [Theory]
    [InlineData("GITHUB_EVENT_NAME", "pull_request")]
    [InlineData("GITHUB_EVENT_NAME", "pull_request_target")]
    [InlineData("SYSTEM_PULLREQUEST_PULLREQUESTID", "42")]
    [InlineData("BUILD_REASON", "PullRequest")]
    [InlineData("CI_MERGE_REQUEST_IID", "7")]
    [InlineData("BITBUCKET_PR_ID", "3")]
    [InlineData("CHANGE_ID", "12")]
    [InlineData("BUILDKITE_PULL_REQUEST", "99")]
    [InlineData("TRAVIS_PULL_REQUEST", "5")]
    [InlineData("CIRCLE_PULL_REQUEST", "https://github.com/o/r/pull/1")]
    [InlineData("APPVEYOR_PULL_REQUEST_NUMBER", "8")]
    public void Pull_request_builds_are_detected(string variable, string value)
    {
        var reason = PullRequestBuild.Detect(name => name == variable ? value : null);
        Assert.NotNull(reason);
        Assert.StartsWith(variable, reason);
    }

    [Theory]
    [InlineData("GITHUB_EVENT_NAME", "push")]
    [InlineData("BUILDKITE_PULL_REQUEST", "false")]
    [InlineData("TRAVIS_PULL_REQUEST", "false")]
    [InlineData("BUILD_REASON", "IndividualCI")]
    [InlineData("CHANGE_ID", "")]
    [InlineData("CI", "true")]
    public void Ordinary_builds_are_not(string variable, string value) =>
        Assert.Null(PullRequestBuild.Detect(name => name == variable ? value : null));

    [Fact]
    public void Remote_is_read_only_in_pull_requests_unless_the_property_says_otherwise()
    {
        Func<string, string?> pr = name => name == "GITHUB_EVENT_NAME" ? "pull_request" : null;
        Func<string, string?> push = name => name == "GITHUB_EVENT_NAME" ? "push" : null;
        CompileCacheSettings With(string? readOnly, Func<string, string?> env) => CompileCacheSettings.From(
            FlowForgeSettings.FromValues(p => p switch
            {
                "FlowForgeRemoteCacheReadOnly" => readOnly,
                "FlowForgeCacheRoot" => "/c",
                "FlowForgeRemoteCacheUrl" => "http://127.0.0.1:1/",
                _ => null,
            }), env);

        Assert.True(With(null, pr).RemoteReadOnly);
        Assert.Contains("GITHUB_EVENT_NAME=pull_request", With(null, pr).RemoteReadOnlyReason);
        Assert.False(With(null, push).RemoteReadOnly);
        Assert.Null(With(null, push).RemoteReadOnlyReason);
        Assert.False(With("false", pr).RemoteReadOnly); // forced writable (trusted pull requests)
        Assert.True(With("true", push).RemoteReadOnly); // forced read-only
        Assert.Equal("FlowForgeRemoteCacheReadOnly=true", With("true", push).RemoteReadOnlyReason);
    }
}
