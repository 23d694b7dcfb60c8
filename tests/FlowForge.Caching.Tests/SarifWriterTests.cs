namespace FlowForge.Caching.Tests;

/// <summary>
/// The SARIF FlowForge's compiler wrapper writes from the warnings Csc logged: <see cref="SarifReader"/> (the reader the
/// cache uses for the compiler's own log too) must get back exactly what was written.
/// </summary>
public class SarifWriterTests
{
    [Fact]
    public void Diagnostics_written_and_read_back_are_the_same_with_portable_paths()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("Sample");
        var written = new List<CompilerDiagnostic>
        {
            new("CS0168", CompilerDiagnosticSeverity.Warning, "The variable 'unused' is declared but never used", temp.Combine("Sample", "Program.cs"), 7, 13),
            new("CS0618", CompilerDiagnosticSeverity.Warning, "'Person.Old()' is obsolete: 'Use the \"new\" API instead'",
                temp.Combine("Sample", "Sub dir", "Person #1 é.cs"), 10, 29, 10, 34, "https://example.org/CS0618"),
            new("CS8602", CompilerDiagnosticSeverity.Warning, "Dereference of a possibly null reference.", temp.Combine("Shared", "Linked.cs"), 6, 37),
            new("CS0168", CompilerDiagnosticSeverity.Warning, "The variable 'other' is declared but never used", temp.Combine("Sample", "Program.cs"), 9, 13),
            new("MSB3052", CompilerDiagnosticSeverity.Warning, "A warning without a location"),
            new("CA1822", CompilerDiagnosticSeverity.Info, "Member can be static", temp.Combine("Sample", "Program.cs"), 3, 5),
        };

        var read = SarifReader.Read(SarifWriter.Write(written), project, temp.Path);

        Assert.True(read.Success, read.Problem?.ToString());
        var expected = written.Select(d => d with { File = d.File is null ? null : CompilerDiagnostic.PortablePath(d.File, project, temp.Path) }).ToList();
        Assert.Equal(expected, read.Diagnostics);
        Assert.Equal(["Program.cs", "Sub dir/Person #1 é.cs", "../Shared/Linked.cs", "Program.cs", null, "Program.cs"], read.Diagnostics!.Select(d => d.File));
        // Replayed in the same folder, each diagnostic is where Csc logged it.
        Assert.Equal(written.Select(d => d.File ?? ""), read.Diagnostics!.Select(d => d.ForReplay(project).File));
    }

    [Fact]
    public void No_diagnostics_is_a_valid_empty_log()
    {
        using var temp = new TempDirectory();
        var read = SarifReader.Read(SarifWriter.Write([]), temp.Path, null);
        Assert.True(read.Success);
        Assert.Empty(read.Diagnostics!);
    }
}
