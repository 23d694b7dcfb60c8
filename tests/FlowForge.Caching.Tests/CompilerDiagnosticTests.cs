namespace FlowForge.Caching.Tests;

/// <summary>
/// Capture and replay of compiler diagnostics. TestData/csc-warnings.sarif is real output of csc (SDK 10): a project
/// "Sample" (Nullable enabled) with Program.cs (CS0168, CS0219, and a CS0168 under #pragma warning disable),
/// Sub/Person.cs (CS8618, CS0618 with quotes in the message) and a linked ../Shared/Linked.cs (CS8602), built with
/// <c>dotnet build -p:ErrorLog=sample.sarif%2Cversion=2.1</c> in a folder whose URI the tests replace by a temp folder.
/// </summary>
public class CompilerDiagnosticTests
{
    private const string RecordedRoot = "file:///tmp/sarifsample/";

    /// <summary>What csc printed for that build (file(line,col): warning CODE: message), relative to the workspace.</summary>
    private static readonly string[] CscConsole =
    [
        "Shared/Linked.cs(6,37): warning CS8602: Dereference of a possibly null reference.",
        "Sample/Sub/Person.cs(10,29): warning CS0618: 'Person.Old()' is obsolete: 'Use the \"new\" API instead'",
        "Sample/Sub/Person.cs(5,19): warning CS8618: Non-nullable property 'Name' must contain a non-null value when exiting constructor. Consider adding the 'required' modifier or declaring the property as nullable.",
        "Sample/Program.cs(7,13): warning CS0168: The variable 'unused' is declared but never used",
        "Sample/Program.cs(8,19): warning CS0219: The variable 'alsoUnused' is assigned but its value is never used",
    ];

    private static byte[] SarifIn(string workspace)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "csc-warnings.sarif"));
        Assert.Contains(RecordedRoot, text);
        return System.Text.Encoding.UTF8.GetBytes(text.Replace(RecordedRoot, new Uri(workspace + Path.DirectorySeparatorChar).AbsoluteUri));
    }

    [Fact]
    public void Real_csc_sarif_gives_the_warnings_csc_printed_with_portable_paths()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("Sample");
        var read = SarifReader.Read(SarifIn(temp.Path), project, temp.Path);
        Assert.True(read.Success, read.Problem?.ToString());
        var diagnostics = read.Diagnostics!;

        Assert.Equal(5, diagnostics.Count); // the #pragma-suppressed CS0168 is left out, as csc leaves it out
        Assert.All(diagnostics, d => Assert.Equal(CompilerDiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(["../Shared/Linked.cs", "Sub/Person.cs", "Sub/Person.cs", "Program.cs", "Program.cs"], diagnostics.Select(d => d.File));
        var nullable = diagnostics[0];
        Assert.Equal(("CS8602", 6, 37, 6, 44), (nullable.Code, nullable.Line, nullable.Column, nullable.EndLine, nullable.EndColumn));
        Assert.Contains("CS8602", nullable.HelpLink);
        Assert.Equal("'Person.Old()' is obsolete: 'Use the \"new\" API instead'", diagnostics[1].Message);

        var replayed = diagnostics.Select(d => d.ForReplay(project))
            .Select(r => $"{Path.GetRelativePath(temp.Path, r.File).Replace('\\', '/')}({r.Line},{r.Column}): warning {r.Code}: {r.Message}");
        Assert.Equal(CscConsole, replayed);
    }

    [Fact]
    public void Stored_diagnostics_replay_with_the_paths_of_a_clone_in_another_folder()
    {
        using var first = new TempDirectory();
        using var clone = new TempDirectory();
        var stored = CompilerDiagnosticFormat.SerializeAll(SarifReader.Read(SarifIn(first.Path), first.Combine("Sample"), first.Path).Diagnostics!);
        Assert.All(stored, s => Assert.DoesNotContain(first.Path, s));

        var replayed = CompilerDiagnosticFormat.ParseAll(stored).Select(d => d.ForReplay(clone.Combine("Sample"))).ToList();
        Assert.Equal(clone.Combine("Shared", "Linked.cs"), replayed[0].File);
        Assert.Equal(clone.Combine("Sample", "Sub", "Person.cs"), replayed[1].File);
        Assert.Equal((10, 29, 10, 34), (replayed[1].Line, replayed[1].Column, replayed[1].EndLine, replayed[1].EndColumn));
    }

    [Fact]
    public void A_file_outside_the_workspace_keeps_its_absolute_path()
    {
        using var temp = new TempDirectory();
        // Workspace = the project folder: the linked file in ../Shared is outside it.
        var diagnostics = SarifReader.Read(SarifIn(temp.Path), temp.Combine("Sample"), workspaceRoot: null).Diagnostics!;
        Assert.Equal(temp.Combine("Shared", "Linked.cs"), diagnostics[0].File);
        Assert.False(diagnostics[0].HasRelativeFile);
        Assert.Equal(temp.Combine("Shared", "Linked.cs"), diagnostics[0].ForReplay("/elsewhere/Sample").File);
        Assert.Equal("Sub/Person.cs", diagnostics[1].File);
    }

    [Fact]
    public void Stored_form_round_trips_and_old_plain_lines_still_read()
    {
        var all = new[]
        {
            new CompilerDiagnostic("CS0168", CompilerDiagnosticSeverity.Warning, "msg with \"quotes\" and ünïcode", "a/b.cs", 1, 2, 3, 4, "https://x/CS0168"),
            new CompilerDiagnostic("CS8032", CompilerDiagnosticSeverity.Warning, "no location"),
            new CompilerDiagnostic("IDE0005", CompilerDiagnosticSeverity.Info, "info", "/abs/c.cs", 5, 1),
        };
        Assert.Equal(all, CompilerDiagnosticFormat.ParseAll(CompilerDiagnosticFormat.SerializeAll(all)));
        Assert.Equal(new CompilerDiagnostic("CS0168", CompilerDiagnosticSeverity.Warning, "The variable 'x' is declared"),
            CompilerDiagnosticFormat.TryParse("warning CS0168: The variable 'x' is declared"));
        Assert.Null(CompilerDiagnosticFormat.TryParse("{\"code\":\"CS1\"}"));
        Assert.Null(CompilerDiagnosticFormat.TryParse("{not json"));

        var noLocation = all[1].ForReplay("/p");
        Assert.Equal(("", 0, 0), (noLocation.File, noLocation.Line, noLocation.Column));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"version\": \"1.0.0\", \"runs\": [] }")]
    [InlineData("{ \"version\": \"2.1.0\" }")]
    [InlineData("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ ")]
    [InlineData("[1, 2]")]
    // A shown result with no rule id: a cache hit could not replay it, so nothing is read (and nothing stored).
    [InlineData("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"level\": \"warning\", \"message\": { \"text\": \"w\" } } ] } ] }")]
    [InlineData("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleIndex\": 3, \"message\": { \"text\": \"no such rule\" } } ] } ] }")]
    public void Unreadable_logs_are_a_coded_warning(string content)
    {
        var read = SarifReader.Read(System.Text.Encoding.UTF8.GetBytes(content), "/p", null, "x.sarif");
        Assert.False(read.Success);
        Assert.Equal(CacheDiagnosticCodes.CompilerLogUnreadable, read.Problem!.Code);
        Assert.Contains("x.sarif", read.Problem.Message);
    }

    [Fact]
    public void Missing_log_file_is_a_coded_warning_and_an_empty_log_has_no_diagnostics()
    {
        using var temp = new TempDirectory();
        var missing = SarifReader.ReadFile(temp.Combine("none.sarif"), temp.Path, null);
        Assert.Equal(CacheDiagnosticCodes.CompilerLogUnreadable, missing.Problem!.Code);

        File.WriteAllText(temp.Combine("clean.sarif"), """{ "version": "2.1.0", "runs": [ { "results": [] } ] }""");
        var clean = SarifReader.ReadFile(temp.Combine("clean.sarif"), temp.Path, null);
        Assert.True(clean.Success);
        Assert.Empty(clean.Diagnostics!);
    }

    [Fact]
    public void Relative_uris_levels_and_suppressions_follow_sarif()
    {
        var sarif = """
            { "version": "2.1.0", "runs": [ {
              "originalUriBaseIds": { "SRC": { "uri": "file:///repo/src/" } },
              "tool": { "driver": { "name": "x", "rules": [ { "id": "AB1", "helpUri": "https://help/AB1" } ] } },
              "results": [
                { "ruleIndex": 0, "message": { "text": "no level means warning" },
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "P/A.cs", "uriBaseId": "SRC" }, "region": { "startLine": 3 } } } ] },
                { "ruleId": "AB2", "level": "note", "message": { "text": "a note" } },
                { "ruleId": "AB3", "level": "none", "message": { "text": "dropped" } },
                { "ruleId": "AB4", "level": "error", "message": { "text": "suppressed" }, "suppressions": [ { "kind": "inSource" } ] }
              ] } ] }
            """;
        var read = SarifReader.Read(System.Text.Encoding.UTF8.GetBytes(sarif), "/repo/src/P", "/repo");
        Assert.True(read.Success, read.Problem?.ToString());
        Assert.Equal(2, read.Diagnostics!.Count);
        Assert.Equal(new CompilerDiagnostic("AB1", CompilerDiagnosticSeverity.Warning, "no level means warning", "A.cs", 3, HelpLink: "https://help/AB1"),
            read.Diagnostics[0]);
        Assert.Equal(CompilerDiagnosticSeverity.Info, read.Diagnostics[1].Severity);
    }
}
