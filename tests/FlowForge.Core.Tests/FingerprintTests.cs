using FlowForge.Core.Configuration;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Tests;

public sealed class FingerprintTests
{
    private static readonly string Project = Path.Combine(Path.GetTempPath(), "ff-fp", "src", "App");

    private static CompileDescription Describe(
        string optimize = "false", string version = "1.0.0", string[]? sources = null,
        IReadOnlyList<KeyValuePair<string, string>>? referenceMetadata = null, string? pathMap = null) => new()
    {
        ProjectDirectory = Project,
        Roots = [new("nuget", Path.Combine(Path.GetTempPath(), "ff-fp", "packages"))],
        SdkVersion = "10.0.401",
        CompilerFiles = [Path.Combine(Path.GetTempPath(), "ff-fp", "sdk", "csc.dll")],
        Options = [("Optimize", optimize, OptionKind.Value), ("DefineConstants", "DEBUG;TRACE", OptionKind.Value), ("PathMap", pathMap ?? "", OptionKind.PathMap)],
        Outputs = [("IntermediateAssembly", Path.Combine(Project, "obj", "Debug", "App.dll"))],
        Files =
        [
            .. (sources ?? ["A.cs", "B.cs"]).Select(s => new FingerprintFile(FingerprintSections.Compile, Path.Combine(Project, s))),
            new FingerprintFile(FingerprintSections.Reference, Path.Combine(Path.GetTempPath(), "ff-fp", "packages", "lib", "Lib.dll"), referenceMetadata ?? []),
            new FingerprintFile(FingerprintSections.Compile, Path.Combine(Project, "obj", "Debug", "App.AssemblyInfo.cs")),
        ],
        Context = [("Version", version)],
        PathMap = pathMap,
    };

    private static Func<string, string> Hashes(Dictionary<string, string>? contents = null) => path =>
        contents is not null && contents.TryGetValue(Path.GetFileName(path), out var text) ? ContentHash.Of(text).ToString() : ContentHash.Of("content of " + Path.GetFileName(path)).ToString();

    [Fact]
    public void CanonicalFormIsVersionedRelativeAndRoundTrips()
    {
        var fingerprint = CompileFingerprintBuilder.Build(Describe(), Hashes());
        var text = fingerprint.ToText();
        Assert.StartsWith("flowforge-compile-fingerprint 1\n", text);
        Assert.Contains("compile\tA.cs\t", text);
        Assert.Contains("reference\t{nuget}/lib/Lib.dll\t", text);
        Assert.Contains("output\tIntermediateAssembly\tobj/Debug/App.dll\n", text);
        Assert.Contains("option\tOptimize\tfalse\n", text);
        Assert.DoesNotContain(Path.GetTempPath(), text.Replace("option\tProjectDirectory\t" + Project.Replace('\\', '/') + "/", ""));

        var parsed = CompileFingerprint.TryParse(text, out var problem);
        Assert.Null(problem);
        Assert.Equal(fingerprint.Hash, parsed!.Hash);
        Assert.Equal(fingerprint.Components, parsed.Components);
    }

    [Fact]
    public void SameDescriptionSameHashAndContextIsNotHashed()
    {
        Assert.Equal(CompileFingerprintBuilder.Build(Describe(), Hashes()).Hash, CompileFingerprintBuilder.Build(Describe(), Hashes()).Hash);
        // Version reaches the compile through the generated AssemblyInfo.cs, which is hashed; the property itself is context.
        Assert.Equal(CompileFingerprintBuilder.Build(Describe(version: "1.0.0"), Hashes()).Hash, CompileFingerprintBuilder.Build(Describe(version: "2.0.0"), Hashes()).Hash);
        Assert.NotEqual(CompileFingerprintBuilder.Build(Describe(), Hashes()).Hash, CompileFingerprintBuilder.Build(Describe(optimize: "true"), Hashes()).Hash);
        // Order of sources changes the output, so the fingerprint.
        Assert.NotEqual(CompileFingerprintBuilder.Build(Describe(sources: ["A.cs", "B.cs"]), Hashes()).Hash, CompileFingerprintBuilder.Build(Describe(sources: ["B.cs", "A.cs"]), Hashes()).Hash);
        // Reference metadata that matters.
        Assert.NotEqual(CompileFingerprintBuilder.Build(Describe(), Hashes()).Hash,
            CompileFingerprintBuilder.Build(Describe(referenceMetadata: [new("Aliases", "global,lib")]), Hashes()).Hash);
    }

    [Fact]
    public void ValuesWithTabsAndNewlinesAreEscaped()
    {
        var component = new FingerprintComponent("option", "Weird", "a\tb\nc\\d");
        Assert.DoesNotContain('\n', component.ToLine());
        Assert.True(FingerprintComponent.TryParseLine(component.ToLine(), out var back));
        Assert.Equal(component, back);
        Assert.Null(CompileFingerprint.TryParse("something else\n", out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void DiffExplainsInputsReferencesAndPropertiesInTheLogsWords()
    {
        var before = CompileFingerprintBuilder.Build(Describe(sources: ["A.cs", "B.cs"]), Hashes());
        var after = CompileFingerprintBuilder.Build(Describe(optimize: "true", version: "1.0.1", sources: ["A.cs", "B.cs", "C.cs"]),
            Hashes(new() { ["A.cs"] = "changed", ["Lib.dll"] = "new lib" }));
        var reasons = FingerprintDiff.Compare(before, after).Explain();
        Assert.Equal(
        [
            "inputs changed: A.cs, +C.cs",
            "reference Lib.dll changed",
            "property Optimize: false → true",
            "property Version: 1.0.0 → 1.0.1",
        ], reasons);

        var reordered = CompileFingerprintBuilder.Build(Describe(sources: ["B.cs", "A.cs"]), Hashes());
        Assert.Equal(["order of the source files changed"], FingerprintDiff.Compare(before, reordered).Explain());
        Assert.Empty(FingerprintDiff.Compare(before, before).Explain());
        Assert.Equal("(empty)", FingerprintDiff.Show(""));
        Assert.Equal(80, FingerprintDiff.Show(new string('x', 200)).Length);
    }

    [Fact]
    public void PathMapCoveringTheProjectHidesItsLocation()
    {
        var mapped = Describe(pathMap: Path.Combine(Path.GetTempPath(), "ff-fp", "src") + Path.DirectorySeparatorChar + "=/_/");
        var fingerprint = CompileFingerprintBuilder.Build(mapped, Hashes());
        Assert.Equal("/_/App/", fingerprint.Get(FingerprintSections.Option, "ProjectDirectory"));
        Assert.Equal("..=/_/", fingerprint.Get(FingerprintSections.Option, "PathMap"));
    }

    [Fact]
    public void GateSkipsOnlyWhenFingerprintMatchesAndOutputsAreIntact()
    {
        var fingerprint = CompileFingerprintBuilder.Build(Describe(), Hashes());
        var output = new OutputNow("/x/obj/App.dll", "obj/App.dll", new FileStatus(true, 10, 100));
        var state = new CompileState { Fingerprint = fingerprint.HashText, Outputs = [new OutputFileState { Path = "obj/App.dll", Length = 10, LastWriteTicksUtc = 100, Hash = ContentHash.Of("x").ToString() }] };

        var none = CompileGate.Decide(fingerprint, null, [output], msbuildWouldSkip: true, (_, _) => true, () => null);
        Assert.Equal(("compiled", GateAction.AgeOutput, "no previous build"), (none.Decision, none.Action, Assert.Single(none.Reasons)));

        var touched = CompileGate.Decide(fingerprint, state, [output], msbuildWouldSkip: false, (_, _) => true, () => null);
        Assert.Equal(("skipped", GateAction.TouchOutputs, "content unchanged"), (touched.Decision, touched.Action, Assert.Single(touched.Reasons)));
        var noop = CompileGate.Decide(fingerprint, state, [output], msbuildWouldSkip: true, (_, _) => true, () => null);
        Assert.Equal(("skipped", GateAction.None), (noop.Decision, noop.Action));

        var missing = CompileGate.Decide(fingerprint, state, [output with { Status = FileStatus.Missing }], msbuildWouldSkip: false, (_, _) => true, () => null);
        Assert.Equal(("compiled", GateAction.None, "outputs missing"), (missing.Decision, missing.Action, Assert.Single(missing.Reasons)));
        var replaced = CompileGate.Decide(fingerprint, state, [output], msbuildWouldSkip: true, (_, _) => false, () => null);
        Assert.Equal(("compiled", GateAction.AgeOutput, "output obj/App.dll changed"), (replaced.Decision, replaced.Action, Assert.Single(replaced.Reasons)));

        var previous = CompileFingerprintBuilder.Build(Describe(optimize: "true"), Hashes());
        var changed = CompileGate.Decide(fingerprint, new CompileState { Fingerprint = previous.HashText }, [output], msbuildWouldSkip: true, (_, _) => true, () => previous);
        Assert.Equal(("compiled", GateAction.AgeOutput, "property Optimize: true → false"), (changed.Decision, changed.Action, Assert.Single(changed.Reasons)));
    }

    [Fact]
    public void MSBuildWouldSkipComparesNewestInputWithOldestOutput()
    {
        FileStatus At(long ticks) => new(true, 1, ticks);
        Assert.True(CompileGate.MSBuildWouldSkip([At(5), At(9)], [At(9), At(12)], out var newest));
        Assert.Equal(9, newest);
        Assert.False(CompileGate.MSBuildWouldSkip([At(5), At(10)], [At(9), At(12)], out _));
        Assert.False(CompileGate.MSBuildWouldSkip([At(5)], [At(9), FileStatus.Missing], out _));
        Assert.False(CompileGate.MSBuildWouldSkip([FileStatus.Missing], [At(9)], out _));
        Assert.False(CompileGate.MSBuildWouldSkip([At(5)], [], out _));
    }

    [Fact]
    public void APropertyChangedAloneTwiceInARowIsVolatile()
    {
        var v1 = CompileFingerprintBuilder.Build(Describe(version: "1.0.1"), Hashes(new() { ["App.AssemblyInfo.cs"] = "1.0.1" }));
        var v2 = CompileFingerprintBuilder.Build(Describe(version: "1.0.2"), Hashes(new() { ["App.AssemblyInfo.cs"] = "1.0.2" }));
        var diff = FingerprintDiff.Compare(v1, v2);
        Assert.False(diff.SourceContentChanged("obj/"));
        Assert.Equal(["Version"], CompileGate.PropertyOnlyChanges(diff, "obj/"));

        var first = new CompileState { Fingerprint = v1.HashText, PropertyOnlyChanges = [] };
        Assert.Empty(CompileGate.VolatileProperties(diff, first, "obj/"));
        var again = new CompileState { Fingerprint = v1.HashText, PropertyOnlyChanges = ["Version"] };
        var change = Assert.Single(CompileGate.VolatileProperties(diff, again, "obj/"));
        Assert.Equal(("Version", "1.0.1", "1.0.2"), (change.Key, change.Previous, change.Current));

        // A project reference's reference assembly rebuilt with the new version is generated too.
        static FingerprintDiff ReferenceChanged(string path) => FingerprintDiff.Compare(
            new CompileFingerprint([new("reference", path, "hash-1")]), new CompileFingerprint([new("reference", path, "hash-2")]));
        Assert.False(ReferenceChanged("../Lib/obj/Debug/net10.0/ref/Lib.dll").SourceContentChanged("obj/"));
        Assert.True(ReferenceChanged("{nuget}/lib/1.0/Lib.dll").SourceContentChanged("obj/"));

        // A source edit in the same build: not volatile, the edit explains the compile.
        var edited = CompileFingerprintBuilder.Build(Describe(version: "1.0.2"), Hashes(new() { ["App.AssemblyInfo.cs"] = "1.0.2", ["A.cs"] = "edit" }));
        Assert.Empty(CompileGate.VolatileProperties(FingerprintDiff.Compare(v1, edited), again, "obj/"));
    }

    [Fact]
    public void ContinuousIntegrationIsDetectedFromTheUsualVariables()
    {
        Assert.Null(ContinuousIntegration.DetectVariable(_ => null));
        Assert.Equal("GITHUB_ACTIONS", ContinuousIntegration.DetectVariable(n => n == "GITHUB_ACTIONS" ? "true" : null));
        Assert.Equal("TF_BUILD", ContinuousIntegration.DetectVariable(n => n == "TF_BUILD" ? "True" : null));
        Assert.Null(ContinuousIntegration.DetectVariable(n => n == "CI" ? "false" : null));
        Assert.Null(ContinuousIntegration.DetectVariable(n => n == "CI" ? "0" : null));
        Assert.True(ContinuousIntegration.IsDetected(n => n == "JENKINS_URL" ? "http://jenkins" : null));
    }
}
