using System.Diagnostics;

namespace FlowForge.Caching.Tests;

/// <summary>Starts FlowForge.Caching.KillHelper (built beside the tests) as a real child process.</summary>
public static class HelperProcess
{
    public static Process Start(params string[] args)
    {
        // Run the helper from its own output folder: its dependencies there are the ones it was built
        // with. The copies in the test folder can come from another build of the same projects in a
        // solution build, and the host then fails to load them (seen in CI).
        var ownFolder = AppContext.BaseDirectory.Replace("FlowForge.Caching.Tests", "FlowForge.Caching.KillHelper");
        var helper = Path.Combine(ownFolder, "FlowForge.Caching.KillHelper.dll");
        if (!File.Exists(helper)) helper = Path.Combine(AppContext.BaseDirectory, "FlowForge.Caching.KillHelper.dll");
        Assert.True(File.Exists(helper), $"The helper {helper} was not built beside the tests.");
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(helper);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    /// <summary>The dotnet host running these tests (the CLI sets DOTNET_HOST_PATH), else 'dotnet' from PATH.</summary>
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli)) return fromCli;
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return current;
        return "dotnet";
    }
}
