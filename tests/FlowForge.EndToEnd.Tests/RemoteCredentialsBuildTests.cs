using System.Text;
using FlowForge.Caching.Tests.Remote;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Issue 20: credentials in the remote URL given as an MSBuild property are used (moved to the Authorization header) and
/// warned about with FF5108, which says to use the environment variables; the build's console output never shows them.
/// </summary>
public sealed class RemoteCredentialsBuildTests
{
    [Fact]
    public void CredentialsInTheRemoteUrlPropertyAreUsedAndWarnedAboutButNeverPrinted()
    {
        using var nginx = NginxServer.Start();
        using var proxy = LoopbackHttpServer.Proxy(nginx.Url);
        using var ws = new SampleWorkspace("Layered").AsLocalBuild().CommitAsFreshClone();
        const string password = "pw-9c1e77d0a3";
        var url = proxy.Url.Replace("http://", $"http://builder:{password}@");

        var build = ws.BuildSucceeded($"-p:FlowForgeRemoteCacheUrl={url}");
        var warnings = build.WarningCodes().ToList();
        Assert.Contains("FF5108", warnings);
        Assert.All(warnings, c => Assert.Equal("FF5108", c));
        Assert.Contains(build.Output.Split('\n'), l => l.Contains("warning FF5108") && l.Contains("FLOWFORGE_REMOTE_CACHE_TOKEN"));
        Assert.DoesNotContain(password, build.Output.Replace(url, "")); // MSBuild echoes its own command line; FlowForge never
        Assert.DoesNotContain(build.Output.Split('\n'), l => l.Contains("FF5108") && l.Contains(password));

        // Used: every request carried them as basic auth, and the compiles reached the server.
        var requests = proxy.Snapshot();
        Assert.NotEmpty(requests);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"builder:{password}"));
        Assert.All(requests, r => Assert.Equal(expected, r.Headers.GetValueOrDefault("Authorization")));
        Assert.Contains(requests, r => r.Method == "PUT" && r.Path.StartsWith("/ac/"));
    }
}
