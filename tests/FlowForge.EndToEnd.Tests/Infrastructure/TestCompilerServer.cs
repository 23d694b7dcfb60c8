using System.Diagnostics;

namespace FlowForge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One compiler server (VBCSCompiler) for every build the end-to-end tests start, on a pipe of this test run's own.
/// Without it each compile is a fresh csc process: measured here on the 6-project Layered sample (a rebuild, 6 compiles),
/// 25.3–26.8 s of CPU with the server off against 7.0–7.5 s with a warm server, and the suite is bound by the CPU of
/// its builds on a 2-core CI machine. The server runs the same compiler on the same command lines, so the bytes are the
/// same (the oracles compare them with clean builds); it is also how users build (the server is on by default).
/// The run owns the server: it starts it (with the test host's environment, so the long-lived server keeps the JIT's
/// default tiering, unlike the short-lived builds, see <see cref="TestBuildJit"/>), and shuts it down when the test
/// host exits, so no VBCSCompiler outlives the run. Its own pipe keeps it apart from a developer's own server.
/// </summary>
public static class TestCompilerServer
{
    /// <summary>The builds' SharedCompilationId: the Csc task connects to (or starts) the server on this pipe.</summary>
    public static string PipeName { get; } = "fftests-" + Guid.NewGuid().ToString("N")[..12];

    private static readonly Lazy<string?> ServerAssembly = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The variables that point a build's compiles at the run's server (the server off if the SDK has none).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> BuildEnvironment =>
        ServerAssembly.Value is null
            ? [new("UseSharedCompilation", "false")]
            : [new("UseSharedCompilation", "true"), new("SharedCompilationId", PipeName)];

    private static string? Start()
    {
        var server = FindServerAssembly();
        if (server is null) return null;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", server, "-pipename:" + PipeName }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Shutdown(server, process);
        return server;
    }

    private static void Shutdown(string server, Process process)
    {
        // The server's own shutdown request: it finishes the compilations in flight and exits.
        try { ProcessRunner.Run("dotnet", ["exec", server, "-shutdown", "-pipename:" + PipeName], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(1)); }
        catch (TimeoutException) { }
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill(entireProcessTree: true);
    }

    /// <summary>The VBCSCompiler of the SDK a build in a temp folder uses (`dotnet --version` there), or null.</summary>
    private static string? FindServerAssembly()
    {
        var temp = Path.GetTempPath();
        var version = ProcessRunner.Run("dotnet", ["--version"], temp);
        var sdks = ProcessRunner.Run("dotnet", ["--list-sdks"], temp);
        if (!version.Succeeded || !sdks.Succeeded) return null;
        // "10.0.401 [/usr/share/dotnet/sdk]"
        var prefix = version.Output.Trim() + " [";
        var line = sdks.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null) return null;
        var sdkFolder = Path.Combine(line[prefix.Length..].TrimEnd(']'), version.Output.Trim());
        var server = Path.Combine(sdkFolder, "Roslyn", "bincore", "VBCSCompiler.dll");
        return File.Exists(server) ? server : null;
    }
}
