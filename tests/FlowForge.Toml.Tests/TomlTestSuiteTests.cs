using System.Text.Json;
using System.Text.Json.Nodes;
using FlowForge.Toml.Decoder;

namespace FlowForge.Toml.Tests;

/// <summary>Runs every case of the shared toml-test suite (TOML 1.0.0); each case is its own test.</summary>
public class TomlTestSuiteTests
{
    private static readonly TimeSpan PerCaseTimeout = TimeSpan.FromSeconds(2);

    public static IEnumerable<object[]> AllCases() => TomlTestSuite.Cases().Select(c => new object[] { c });

    [Fact]
    public void SuiteIsPresent()
    {
        Assert.True(TomlTestSuite.TestsFolder != null, $"The toml-test suite was not found at {TomlTestSuite.ExpectedLocation}; it must exist (tests/valid and tests/invalid).");
        var cases = TomlTestSuite.Cases().ToList();
        Assert.Contains(cases, c => c.StartsWith("valid/", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.StartsWith("invalid/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task Case(string name)
    {
        Assert.True(name != TomlTestSuite.MissingMarker, $"The toml-test suite was not found at {TomlTestSuite.ExpectedLocation}.");
        string file = Path.Combine(TomlTestSuite.TestsFolder!, name + ".toml");
        byte[] bytes = File.ReadAllBytes(file);

        string? json = null;
        IReadOnlyList<TomlDiagnostic> diagnostics = Array.Empty<TomlDiagnostic>();
        bool finished = await TimeLimit.RunAsync(() => json = TaggedJson.TryDecode(bytes, out diagnostics), PerCaseTimeout);
        Assert.True(finished, $"{name}: the parser did not finish within {PerCaseTimeout.TotalSeconds} s.");
        Assert.DoesNotContain(diagnostics, d => d.Code == TomlDiagnosticCodes.InternalError);

        if (name.StartsWith("invalid/", StringComparison.Ordinal))
        {
            Assert.True(json == null && diagnostics.Any(d => d.IsError), $"{name}: invalid TOML was accepted: {json}");
            return;
        }

        Assert.True(json != null, $"{name}: valid TOML was rejected:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}");
        var expected = JsonNode.Parse(File.ReadAllBytes(Path.Combine(TomlTestSuite.TestsFolder!, name + ".json")));
        var actual = JsonNode.Parse(json!, documentOptions: new JsonDocumentOptions { MaxDepth = 1024 });
        string? difference = TaggedJsonComparer.Compare(expected, actual);
        Assert.True(difference == null, $"{name}: {difference}{Environment.NewLine}actual: {json}");
    }
}
