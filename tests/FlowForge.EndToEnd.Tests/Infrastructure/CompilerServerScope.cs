namespace FlowForge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// For a test whose builds use the compiler server (UseSharedCompilation=true, the default on users' machines): disposing
/// it shuts the server down, so no VBCSCompiler outlives the test. Only the compiler server: the other tests' builds run
/// with UseSharedCompilation=false and node reuse off, so they neither use it nor leave anything to shut down.
/// </summary>
public sealed class CompilerServerScope : IDisposable
{
    public void Dispose() =>
        ProcessRunner.Run("dotnet", ["build-server", "shutdown", "--vbcscompiler"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2));
}
