namespace FlowForge.Toml.Tests;

/// <summary>Locates the shared toml-test data (<c>../shared/toml-test</c> beside the repository root) and lists its cases.</summary>
internal static class TomlTestSuite
{
    public const string MissingMarker = "<toml-test folder missing>";

    private static readonly Lazy<string?> LazyRoot = new(FindSuiteRoot);

    /// <summary>The <c>tests</c> folder of the suite, or null when it cannot be found.</summary>
    public static string? TestsFolder => LazyRoot.Value;

    /// <summary>Where the suite was expected, for failure messages.</summary>
    public static string ExpectedLocation
    {
        get
        {
            string? repo = FindRepoRoot();
            return repo == null ? "../shared/toml-test (repository root with FlowForge.Build.sln not found)" : Path.GetFullPath(Path.Combine(repo, "..", "shared", "toml-test"));
        }
    }

    /// <summary>Relative paths (forward slashes, without extension) of every case: valid/... and invalid/....</summary>
    public static IEnumerable<string> Cases()
    {
        string? folder = TestsFolder;
        if (folder == null)
        {
            return new[] { MissingMarker };
        }

        return Directory.EnumerateFiles(folder, "*.toml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Select(f => f.Substring(0, f.Length - ".toml".Length))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static string? FindSuiteRoot()
    {
        string? repo = FindRepoRoot();
        if (repo == null)
        {
            return null;
        }

        string tests = Path.Combine(repo, "..", "shared", "toml-test", "tests");
        return Directory.Exists(tests) ? Path.GetFullPath(tests) : null;
    }

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlowForge.Build.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
