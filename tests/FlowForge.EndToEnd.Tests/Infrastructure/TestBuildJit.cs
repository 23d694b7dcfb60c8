namespace FlowForge.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The JIT policy of the builds the tests start. Every one of them is a short-lived MSBuild process (node reuse is off,
/// as on this CI machine), and with tiered call counting on each of them re-JITs its hot methods at tier 1 again:
/// measured here (with a csc process a compile), ~17–25% of a test build's CPU, which a 2-core CI run is bound by.
/// With call counting off they keep the ReadyToRun and tier-0 code they start with. That is a code-quality policy of
/// the JIT only: the build does the same work and writes the same bytes. The test hosts themselves, the run's
/// long-lived compiler server (<see cref="TestCompilerServer"/>) and the build/ benchmarks keep the runtime's default.
/// </summary>
public static class TestBuildJit
{
    public const string Variable = "DOTNET_TC_CallCounting";
    public const string Value = "0";
}
