using FlowForge.Core.Fingerprints;

namespace FlowForge.Core.Tests;

/// <summary>compile-settings.txt: its text changes exactly when a setting or the input lists change, and an unchanged
/// text leaves the file (and so its stat identity, which the quick check compares) alone.</summary>
public sealed class CompileSettingsFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheTextChangesWithASettingOrTheInputListsAndOnlyThen()
    {
        var text = CompileSettingsFile.Compose(["Optimize=false", "Nullable=enable"], ["A.cs", "B.cs"]);
        Assert.Equal(text, CompileSettingsFile.Compose(["Optimize=false", "Nullable=enable"], ["A.cs", "B.cs"]));
        Assert.StartsWith("Optimize=false\nNullable=enable\nInputLists=", text);
        Assert.NotEqual(text, CompileSettingsFile.Compose(["Optimize=true", "Nullable=enable"], ["A.cs", "B.cs"]));
        Assert.NotEqual(text, CompileSettingsFile.Compose(["Optimize=false", "Nullable=enable"], ["A.cs", "B.cs", "notes.txt"]));
        Assert.NotEqual(text, CompileSettingsFile.Compose(["Optimize=false", "Nullable=enable"], ["B.cs", "A.cs"]));
    }

    [Fact]
    public void AnUnchangedTextIsNotRewrittenAndAnUnwritablePathSaysSo()
    {
        var path = Path.Combine(_folder.Path, "obj", CompileSettingsFile.FileName);
        Assert.True(CompileSettingsFile.WriteIfChanged(path, "Optimize=false\n", out var problem));
        Assert.Null(problem);
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        Assert.True(CompileSettingsFile.WriteIfChanged(path, "Optimize=false\n", out _));
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
        Assert.True(CompileSettingsFile.WriteIfChanged(path, "Optimize=true\n", out _));
        Assert.True(File.GetLastWriteTimeUtc(path) > old);

        // The state folder is a file: not written, and the caller knows the file cannot vouch for the settings.
        var blocked = _folder.File("blocked", "");
        Assert.False(CompileSettingsFile.WriteIfChanged(Path.Combine(blocked, CompileSettingsFile.FileName), "x", out problem));
        Assert.NotNull(problem);
    }
}
