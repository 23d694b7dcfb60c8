using FlowForge.Core.Hashing;
using FlowForge.Core.ProjectSkip;

namespace FlowForge.Core.Tests;

public sealed class ProjectSkipTests
{
    private static ProjectSkipInputs Inputs(TempFolder folder, Dictionary<string, string>? values = null, IReadOnlyList<SkipReference>? references = null) => new()
    {
        ProjectFile = Path.Combine(folder.Path, "App", "App.csproj"),
        Files = [new SkipInputFile("Import", Path.Combine(folder.Path, "App", "App.csproj"))],
        ConeDirectories = [Path.Combine(folder.Path, "App")],
        ExcludedDirectories = [Path.Combine(folder.Path, "App", "bin"), Path.Combine(folder.Path, "App", "obj")],
        AnalyzerConfigSearchDirectories = [Path.Combine(folder.Path, "App")],
        Values = values ?? new Dictionary<string, string> { ["global property Configuration"] = "Debug" },
        References = references ?? [],
    };

    private static TempFolder Project()
    {
        var folder = new TempFolder();
        folder.File("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        folder.File("App/Program.cs", "class P {}");
        folder.File("App/obj/Debug/App.dll", "binary");
        folder.File("App/.vs/state", "ide");
        return folder;
    }

    [Fact]
    public void TouchingAFileLeavesTheFingerprintEqualAndEditingAddingOrRemovingOneChangesIt()
    {
        using var folder = Project();
        var first = ProjectFingerprint.Compute(Inputs(folder), new StatCache());
        File.SetLastWriteTimeUtc(folder.File("App/Program.cs"), DateTime.UtcNow.AddHours(1));
        Assert.Equal(first.Value, ProjectFingerprint.Compute(Inputs(folder), new StatCache()).Value);

        // Outputs and hidden folders are not inputs.
        folder.File("App/obj/Debug/App.dll", "other binary");
        folder.File("App/.vs/state", "other ide state");
        Assert.Equal(first.Value, ProjectFingerprint.Compute(Inputs(folder), new StatCache()).Value);

        folder.File("App/Program.cs", "class P { }");
        var edited = ProjectFingerprint.Compute(Inputs(folder), new StatCache());
        Assert.NotEqual(first.Value, edited.Value);
        Assert.Equal(new[] { "file changed: Program.cs" }, ProjectSkipDecision.DescribeChanges(first.Components, edited.Components, Path.Combine(folder.Path, "App")));

        folder.File("App/New.cs", "class N {}");
        var added = ProjectFingerprint.Compute(Inputs(folder), new StatCache());
        Assert.Equal(new[] { "file added: New.cs" }, ProjectSkipDecision.DescribeChanges(edited.Components, added.Components, Path.Combine(folder.Path, "App")));
        File.Delete(folder.File("App/New.cs"));
        Assert.Equal(edited.Value, ProjectFingerprint.Compute(Inputs(folder), new StatCache()).Value);
    }

    [Fact]
    public void TheFilesOfAFingerprintStillHoldUntilOneIsTouchedEditedWithItsTimePutBackDeletedOrCreated()
    {
        using var folder = Project();
        var program = folder.File("App/Program.cs");
        var editorConfig = Path.Combine(folder.Path, "App", ".editorconfig"); // a candidate: missing is an input too
        ProjectFingerprint Fresh() => ProjectFingerprint.Compute(Inputs(folder), new StatCache(), TempFolder.Later);

        var fingerprint = Fresh();
        Assert.False(fingerprint.FileStatuses[editorConfig].Exists);
        Assert.True(fingerprint.FilesStillAsComputed());
        // A file that appears in the project folder is not among them; the next fingerprint has it (and differs).
        var added = folder.File("App/Added.cs", "class A {}");
        Assert.True(fingerprint.FilesStillAsComputed());
        Assert.NotEqual(fingerprint.Value, Fresh().Value);
        File.Delete(added);

        File.SetLastWriteTimeUtc(program, DateTime.UtcNow.AddHours(1));
        Assert.False(fingerprint.FilesStillAsComputed());

        fingerprint = Fresh();
        var mtime = File.GetLastWriteTimeUtc(program);
        File.WriteAllText(program, "class Q {}"); // same size
        File.SetLastWriteTimeUtc(program, mtime);
        Assert.False(fingerprint.FilesStillAsComputed());

        fingerprint = Fresh();
        File.WriteAllText(editorConfig, "root = true");
        Assert.False(fingerprint.FilesStillAsComputed());

        fingerprint = Fresh();
        File.Delete(program);
        Assert.False(fingerprint.FilesStillAsComputed());
    }

    [Fact]
    public void AFileChangedWithinTheRacyWindowOfTheFingerprintIsVouchedForByItsContentOnly()
    {
        using var folder = Project(); // every file was just written: its stat data cannot vouch
        var program = folder.File("App/Program.cs");
        var fingerprint = ProjectFingerprint.Compute(Inputs(folder), new StatCache());
        Assert.NotEmpty(fingerprint.FileStatuses);
        Assert.True(fingerprint.FilesStillAsComputed());

        // Its content is what vouches: a hash that no longer matches what the file gives now (as after a rewrite within
        // the same coarse timestamp, which leaves the stat data equal) is not vouched for.
        fingerprint.Components["file:" + program] = ContentHash.Of("the content read before"u8).ToString();
        Assert.False(fingerprint.FilesStillAsComputed());
    }

    [Fact]
    public void AnEditorConfigAppearingAboveTheProjectAGlobalPropertyOrAReferenceChangesTheFingerprint()
    {
        using var folder = Project();
        var first = ProjectFingerprint.Compute(Inputs(folder), new StatCache());
        folder.File(".editorconfig", "root = true");
        var withConfig = ProjectFingerprint.Compute(Inputs(folder), new StatCache());
        Assert.NotEqual(first.Value, withConfig.Value);

        var release = ProjectFingerprint.Compute(Inputs(folder, new Dictionary<string, string> { ["global property Configuration"] = "Release" }), new StatCache());
        Assert.Equal(new[] { "global property Configuration changed" }, ProjectSkipDecision.DescribeChanges(withConfig.Components, release.Components, folder.Path));

        var a = ProjectFingerprint.Compute(Inputs(folder, references: [new SkipReference("/r/Lib.csproj", "aa", null)]), new StatCache());
        var b = ProjectFingerprint.Compute(Inputs(folder, references: [new SkipReference("/r/Lib.csproj", "bb", null)]), new StatCache());
        Assert.Equal(new[] { "reference changed: Lib" }, ProjectSkipDecision.DescribeChanges(a.Components, b.Components, folder.Path));
    }

    [Fact]
    public void DecisionSkipsOnlyWithAnEqualFingerprintAndIntactOutputs()
    {
        using var folder = Project();
        var fingerprint = ProjectFingerprint.Compute(Inputs(folder), new StatCache());
        var directory = Path.Combine(folder.Path, "App");
        Assert.Equal(ProjectSkipDecision.Outcomes.Built, ProjectSkipDecision.Decide(fingerprint, null, _ => null, directory).Outcome);

        var state = new ProjectSkipState { Fingerprint = fingerprint.Value, Components = fingerprint.Components };
        Assert.True(ProjectSkipDecision.Decide(fingerprint, state, _ => null, directory).IsSkip);
        var damaged = ProjectSkipDecision.Decide(fingerprint, state, _ => "bin/App.dll missing", directory);
        Assert.Equal(ProjectSkipDecision.Outcomes.Built, damaged.Outcome);
        Assert.Equal(new[] { "outputs: bin/App.dll missing" }, damaged.Reasons);

        var other = new ProjectSkipState { Fingerprint = "0", Components = new(StringComparer.Ordinal) };
        Assert.False(ProjectSkipDecision.Decide(fingerprint, other, _ => null, directory).IsSkip);
    }

    [Fact]
    public void OutputSnapshotAcceptsATouchedOutputWithTheSameBytesAndReportsChangedMissingAndNewFiles()
    {
        using var folder = Project();
        var bin = Path.Combine(folder.Path, "App", "bin");
        var dll = folder.File("App/bin/App.dll", "v1");
        folder.File("App/bin/flowforge/state.json", "excluded");
        string[] excluded = [Path.Combine(bin, "flowforge")];
        var recorded = OutputSnapshot.Take([bin], excluded);
        Assert.Single(recorded);
        Assert.Null(OutputSnapshot.FindDifference(recorded, [bin], excluded, folder.Path, out _));

        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow.AddHours(1));
        Assert.Null(OutputSnapshot.FindDifference(recorded, [bin], excluded, folder.Path, out _));

        File.WriteAllText(dll, "v2");
        Assert.Equal("App/bin/App.dll changed", OutputSnapshot.FindDifference(recorded, [bin], excluded, folder.Path, out _));
        File.Delete(dll);
        Assert.Equal("App/bin/App.dll missing", OutputSnapshot.FindDifference(recorded, [bin], excluded, folder.Path, out _));
        File.WriteAllText(dll, "v1");
        folder.File("App/bin/Extra.txt", "x");
        Assert.Equal("App/bin/Extra.txt appeared", OutputSnapshot.FindDifference(recorded, [bin], excluded, folder.Path, out _));
    }

    [Fact]
    public void OutputSnapshotReadsASameSizeEditWhoseTimeWasPutBack()
    {
        using var folder = Project();
        var bin = Path.Combine(folder.Path, "App", "bin");
        var dll = folder.File("App/bin/App.dll", "v1");
        var mtime = DateTime.UtcNow.AddMinutes(-5);
        File.SetLastWriteTimeUtc(dll, mtime);
        var taken = OutputSnapshot.Take([bin], []);
        // As if the snapshot had been taken well after the build wrote the file: size and mtime alone would vouch.
        var status = FileStatus.Of(dll);
        List<OutputFileIdentity> recorded = [OutputFileIdentity.From(dll, status, status.LatestChangeTicksUtc + StatCache.RacyWindow.Ticks, taken[0].Hash)];

        // Same size, same mtime (put back, as touch -r or cp -p do): only the change time (or inode) tells.
        File.WriteAllText(dll, "v2");
        File.SetLastWriteTimeUtc(dll, mtime);
        Assert.Equal(recorded[0].Length, new FileInfo(dll).Length);
        Assert.Equal("App/bin/App.dll changed", OutputSnapshot.FindDifference(recorded, [bin], [], folder.Path, out var refreshed));
        Assert.Null(refreshed);
    }

    [Fact]
    public void OutputSnapshotOffersRefreshedIdentitiesAfterConfirmingOutputsByContent()
    {
        using var folder = Project();
        var bin = Path.Combine(folder.Path, "App", "bin");
        var dll = folder.File("App/bin/App.dll", "v1");
        var recorded = OutputSnapshot.Take([bin], []);
        // Recorded right after the write: within the racy window, so the stat data do not vouch and the content is read.
        Assert.False(recorded[0].IsVouchedFor(FileStatus.Of(dll)));
        Assert.Null(OutputSnapshot.FindDifference(recorded, [bin], [], folder.Path, out var refreshed));
        Assert.NotNull(refreshed);
        Assert.Equal(recorded[0].Hash, Assert.Single(refreshed).Hash);

        // An output whose identity was recorded well after its last change is vouched for by one stat.
        var old = DateTime.UtcNow.AddMinutes(-5);
        File.SetLastWriteTimeUtc(dll, old);
        var status = FileStatus.Of(dll);
        var settled = OutputFileIdentity.From(dll, status, status.LatestChangeTicksUtc + StatCache.RacyWindow.Ticks, recorded[0].Hash);
        Assert.Equal(status.Identity.IsKnown, settled.IsVouchedFor(status));
        if (status.Identity.IsKnown)
        {
            Assert.Null(OutputSnapshot.FindDifference([settled], [bin], [], folder.Path, out refreshed));
            Assert.Null(refreshed);
        }
    }

    [Theory]
    [InlineData("<Project><Target Name=\"Stamp\"><Exec Command=\"date\" /></Target></Project>", "target 'Stamp'")]
    [InlineData("<Project><PropertyGroup><V>$([System.DateTime]::Now)</V></PropertyGroup></Project>", "[system.datetime]")]
    [InlineData("<Project><PropertyGroup Condition=\"Exists('x.txt')\"><V>1</V></PropertyGroup></Project>", "exists")]
    [InlineData("<Project><PropertyGroup><V>$([System.IO.File]::ReadAllText('v.txt'))</V></PropertyGroup></Project>", "[system.io.")]
    public void ScannerFindsTargetsAndEvaluationThatReadsOutsideState(string xml, string expected)
    {
        var finding = BuildFileScanner.ScanText(xml, "Directory.Build.props");
        Assert.NotNull(finding);
        Assert.Contains(expected, finding, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ScannerAcceptsPropertiesItemsAndConditionalImports()
    {
        const string xml = """
            <Project>
              <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" Condition="Exists('$([MSBuild]::GetPathOfFileAbove(`Directory.Build.props`, `$(MSBuildThisFileDirectory)../`))')" />
              <PropertyGroup><Nullable>enable</Nullable><NoWarn>$(NoWarn);CS1591</NoWarn></PropertyGroup>
              <ItemGroup><PackageReference Include="X" Version="1.0" /></ItemGroup>
            </Project>
            """;
        Assert.Null(BuildFileScanner.ScanText(xml, "Directory.Build.props"));
    }

    [Fact]
    public void EligibilityNamesTheFirstThingItCannotModel()
    {
        using var folder = new TempFolder();
        var sdk = folder.File("sdk/Sdk.targets", "<Project><Target Name=\"Build\" /></Project>");
        var user = folder.File("repo/Directory.Build.targets", "<Project><Target Name=\"Stamp\" /></Project>");
        var plain = folder.File("repo/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        ProjectSkipEligibility Eligibility(bool netSdk = true, string? postBuild = null, params string[] imports) => new()
        {
            UsingNetSdk = netSdk,
            Properties = new Dictionary<string, string> { ["PostBuildEvent"] = postBuild ?? "" },
            Imports = imports,
            ModelledRoots = [Path.Combine(folder.Path, "sdk")],
        };
        Assert.Null(Eligibility(imports: [plain, sdk]).FindReason());
        Assert.Equal("not an SDK-style project", Eligibility(netSdk: false, imports: [plain]).FindReason());
        Assert.Equal("PostBuildEvent runs a command", Eligibility(postBuild: "echo hi", imports: [plain]).FindReason());
        Assert.Equal("target 'Stamp' in Directory.Build.targets", Eligibility(imports: [plain, user, sdk]).FindReason());
    }
}
