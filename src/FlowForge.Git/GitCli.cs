using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace FlowForge.Git;

/// <summary>
/// Starts git processes the safe way: an argument list (no shell, no quoting bugs), <c>LC_ALL=C</c> so
/// messages can be recognized, no terminal prompts (a build must never wait for a password),
/// <c>GIT_OPTIONAL_LOCKS=0</c> so a build never takes the index lock from the user's editor or shell,
/// and a timeout that kills the process tree. Counts every process it starts.
/// </summary>
public sealed class GitCli : IGitProcessRunner
{
    /// <summary>Variables that would redirect git to another repository than the one we located; removed
    /// so the CLI and the managed reader always describe the same repository (e.g. builds run from hooks).</summary>
    private static readonly string[] RedirectingVariables = ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE"];

    private static int s_totalProcessesStarted;
    private int _processesStarted;
    private readonly string? _executable;
    private readonly string _notFoundMessage;
    private readonly IReadOnlyDictionary<string, string?>? _environment;

    /// <summary>
    /// Creates a runner. <paramref name="gitExecutable"/> is a path or a name looked up on the PATH that
    /// <paramref name="environment"/> returns (null: the process environment). <paramref name="processEnvironment"/>
    /// adds or (with a null value) removes variables of the started processes.
    /// </summary>
    public GitCli(string? gitExecutable = null, Func<string, string?>? environment = null, IReadOnlyDictionary<string, string?>? processEnvironment = null)
    {
        _executable = GitExecutableLocator.Find(gitExecutable, environment ?? Environment.GetEnvironmentVariable);
        _notFoundMessage = $"git ('{gitExecutable ?? "git"}') was not found on PATH.";
        _environment = processEnvironment;
    }

    /// <summary>The resolved git executable, or null when git is not installed.</summary>
    public string? Executable => _executable;

    /// <summary>Processes started by this instance.</summary>
    public int ProcessesStarted => Volatile.Read(ref _processesStarted);

    /// <summary>Processes started by all instances in this process (for "git ran once per build" checks).</summary>
    public static int TotalProcessesStarted => Volatile.Read(ref s_totalProcessesStarted);

    /// <inheritdoc />
    public GitProcessResult Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        if (_executable is null) return GitProcessResult.NotFound(_notFoundMessage);

        var start = new ProcessStartInfo(_executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // closed at once: nothing may read from the build's console
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in RedirectingVariables) start.Environment.Remove(name);
        start.Environment["LC_ALL"] = "C";
        start.Environment["LANGUAGE"] = "C";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GCM_INTERACTIVE"] = "never";
        start.Environment["GIT_PAGER"] = "cat";
        if (_environment is not null)
        {
            foreach (var (name, value) in _environment)
            {
                if (value is null) start.Environment.Remove(name);
                else start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("Process.Start returned null.");
        }
        catch (Win32Exception e)
        {
            return GitProcessResult.NotFound($"git ('{_executable}') could not be started: {e.Message}");
        }
        Interlocked.Increment(ref _processesStarted);
        Interlocked.Increment(ref s_totalProcessesStarted);

        using (process)
        {
            process.StandardInput.Close();
            // Read both pipes concurrently: a child blocked on a full stderr pipe would never exit.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                try { process.Kill(entireProcessTree: true); }
                catch (Exception e) when (e is InvalidOperationException or Win32Exception) { /* already gone */ }
                process.WaitForExit();
                return new GitProcessResult(-1, SafeResult(stdout), SafeResult(stderr), TimedOut: true);
            }
            process.WaitForExit(); // flushes the async readers
            return new GitProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }

    private static string SafeResult(Task<string> task) =>
        task.Wait(TimeSpan.FromSeconds(1)) && task.IsCompletedSuccessfully ? task.Result : "";
}
