using System.Text.RegularExpressions;

namespace FlowForge.Core.Tests;

/// <summary>Every diagnostic code defined in a *DiagnosticCodes class is documented in the README's table.</summary>
public class DocumentationTests
{
    [Fact]
    public void EveryDiagnosticCodeIsInTheReadme()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var codes = Directory.EnumerateFiles(Path.Combine(root, "src"), "*DiagnosticCodes.cs", SearchOption.AllDirectories)
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), "\"(FF\\d{4})\"").Select(m => (Code: m.Groups[1].Value, File: Path.GetFileName(file))))
            .ToList();
        Assert.NotEmpty(codes);
        var missing = codes.Where(c => !readme.Contains("| " + c.Code + " |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Not in README.md's diagnostics table: " + string.Join(", ", missing.Select(m => $"{m.Code} ({m.File})")));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowForge.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
