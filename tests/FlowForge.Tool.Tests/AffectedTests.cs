using FlowForge.Tool.Commands;

namespace FlowForge.Tool.Tests;

/// <summary>
/// Issue 7: `dotnet flowforge affected` on a real repository with four projects:
/// Core ← Data ← Web, and Standalone; Data links shared/Linked.cs from outside its folder.
/// Each test starts from a fresh copy of the same base commit.
/// </summary>
public sealed class AffectedTests : IDisposable
{
    private const string Core = "src/Core/Core.csproj";
    private const string Data = "src/Data/Data.csproj";
    private const string Web = "src/Web/Web.csproj";
    private const string Standalone = "src/Standalone/Standalone.csproj";

    private readonly GitTestRepository _repo = new();

    public AffectedTests()
    {
        _repo.Write(".gitignore", "bin/\nobj/\n");
        _repo.Write("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n");
        _repo.Write("Directory.Packages.props", "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");
        _repo.Write("shared/Linked.cs", "namespace Shared;\npublic static class Linked { public const int Value = 1; }\n");
        Project(Core, "");
        Project(Data, "<ItemGroup>\n    <ProjectReference Include=\"../Core/Core.csproj\" />\n    <Compile Include=\"../../shared/Linked.cs\" Link=\"Linked.cs\" />\n  </ItemGroup>");
        Project(Web, "<ItemGroup>\n    <ProjectReference Include=\"../Data/Data.csproj\" />\n  </ItemGroup>");
        Project(Standalone, "");
        _repo.Write("src/Core/Core.cs", "namespace Core;\npublic static class CoreThing { public const int Value = 1; }\n");
        _repo.Write("src/Data/Data.cs", "namespace Data;\npublic static class DataThing { public const int Value = Core.CoreThing.Value + Shared.Linked.Value; }\n");
        _repo.Write("src/Data/Old.cs", "namespace Data;\npublic static class Old { }\n");
        _repo.Write("src/Web/Web.cs", "namespace Web;\npublic static class WebThing { public const int Value = Data.DataThing.Value; }\n");
        _repo.Write("src/Standalone/Moving.cs", "namespace Moving;\npublic static class Mover { }\n");
        _repo.Write("src/Standalone/Standalone.cs", "namespace Standalone;\npublic static class Alone { }\n");
        GitTestRepository.Run("dotnet", ["new", "sln", "-n", "All", "--format", "sln"], _repo.Root);
        GitTestRepository.Run("dotnet", ["sln", "All.sln", "add", Core, Data, Web, Standalone], _repo.Root);
        _repo.CommitAll("base");
        _repo.Git("checkout", "-q", "-b", "change");
    }

    private void Project(string path, string extra) =>
        _repo.Write(path, $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n  {extra}\n</Project>\n");

    private (int Exit, string[] Lines, string Error) Affected(string? head = "HEAD", bool json = false, string? traversal = null, string? baseRef = "main")
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = AffectedCommand.Run(new AffectedRequest(baseRef, head, null, json, traversal, _repo.Root), output, error);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), error.ToString());
    }

    private static void AssertProjects((int Exit, string[] Lines, string Error) result, params string[] expected)
    {
        Assert.True(result.Exit == 0, result.Error);
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), result.Lines);
    }

    [Fact]
    public void ChangeToALeafProjectsFileAffectsOnlyThatProject()
    {
        File.AppendAllText(_repo.PathOf("src/Standalone/Standalone.cs"), "// edited\n");
        _repo.CommitAll("edit standalone");
        AssertProjects(Affected(), Standalone);
    }

    [Fact]
    public void ChangeToABaseLibraryAffectsItsDependentsTransitively()
    {
        File.AppendAllText(_repo.PathOf("src/Core/Core.cs"), "// edited\n");
        _repo.CommitAll("edit core");
        AssertProjects(Affected(), Core, Data, Web);
    }

    [Fact]
    public void UncommittedChangesCountWithoutHead()
    {
        File.AppendAllText(_repo.PathOf("src/Web/Web.cs"), "// edited, not committed\n");
        AssertProjects(Affected(head: null), Web);
    }

    [Fact]
    public void DirectoryBuildPropsAffectsEveryProjectBelowIt()
    {
        File.WriteAllText(_repo.PathOf("Directory.Build.props"), "<Project>\n  <PropertyGroup>\n    <Nullable>disable</Nullable>\n  </PropertyGroup>\n</Project>\n");
        _repo.CommitAll("props");
        AssertProjects(Affected(), Core, Data, Standalone, Web);
    }

    [Fact]
    public void DirectoryPackagesPropsAffectsEveryProject()
    {
        File.AppendAllText(_repo.PathOf("Directory.Packages.props"), "<!-- versions bumped -->\n");
        _repo.CommitAll("packages");
        AssertProjects(Affected(), Core, Data, Standalone, Web);
    }

    [Fact]
    public void LinkedFileOutsideTheProjectFolderAffectsTheLinkingProject()
    {
        File.AppendAllText(_repo.PathOf("shared/Linked.cs"), "// edited\n");
        _repo.CommitAll("linked");
        AssertProjects(Affected(), Data, Web);
    }

    [Fact]
    public void DeletedFileAffectsTheProjectThatHadIt()
    {
        _repo.Git("rm", "-q", "src/Data/Old.cs");
        _repo.CommitAll("delete");
        AssertProjects(Affected(), Data, Web);
    }

    [Fact]
    public void RenamedFileAffectsBothTheOldAndTheNewProject()
    {
        _repo.Git("mv", "src/Standalone/Moving.cs", "src/Core/Moving.cs");
        _repo.CommitAll("rename");
        AssertProjects(Affected(), Core, Data, Standalone, Web);
    }

    [Fact]
    public void NothingChangedAffectsNothing()
    {
        AssertProjects(Affected());
    }

    [Fact]
    public void MissingBaseListsEveryProjectWithAWarning()
    {
        var result = Affected(baseRef: "origin/does-not-exist");
        AssertProjects(result, Core, Data, Standalone, Web);
        Assert.Contains("warning FF3009", result.Error);
    }

    [Fact]
    public void ShallowCloneWithoutTheMergeBaseListsEveryProjectWithAWarning()
    {
        File.AppendAllText(_repo.PathOf("src/Web/Web.cs"), "// edited\n");
        _repo.CommitAll("second");
        var clone = Path.Combine(_repo.Root, "..", Path.GetFileName(_repo.Root) + "-shallow");
        try
        {
            GitTestRepository.Run("git", ["clone", "-q", "--depth", "1", "--branch", "change", "--no-local", "file://" + _repo.Root, clone], _repo.Root);
            GitTestRepository.Run("git", ["fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main"], clone);
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = AffectedCommand.Run(new AffectedRequest("origin/main", "HEAD", "All.sln", false, null, clone), output, error);
            Assert.Equal(0, exit);
            Assert.Equal([Core, Data, Standalone, Web], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains("warning FF3003", error.ToString());
        }
        finally
        {
            try { Directory.Delete(clone, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public void JsonNamesChangedFilesAndReasons()
    {
        File.AppendAllText(_repo.PathOf("src/Core/Core.cs"), "// edited\n");
        _repo.CommitAll("edit core");
        var result = Affected(json: true);
        Assert.Equal(0, result.Exit);
        using var document = System.Text.Json.JsonDocument.Parse(string.Join('\n', result.Lines));
        var root = document.RootElement;
        Assert.False(root.GetProperty("allProjects").GetBoolean());
        Assert.Equal(["src/Core/Core.cs"], root.GetProperty("changedFiles").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var web = root.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("path").GetString() == Web);
        Assert.Contains("depends on Data", web.GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void TraversalProjectBuildsTheAffectedProjects()
    {
        File.AppendAllText(_repo.PathOf("src/Data/Data.cs"), "// edited\n");
        _repo.CommitAll("edit data");
        var result = Affected(traversal: "affected.proj");
        Assert.Equal(0, result.Exit);
        var traversal = File.ReadAllText(_repo.PathOf("affected.proj"));
        Assert.Contains("src/Data/Data.csproj", traversal);
        Assert.Contains("src/Web/Web.csproj", traversal);
        Assert.DoesNotContain("Standalone", traversal);

        GitTestRepository.Run("dotnet", ["build", "affected.proj", "-nologo", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false"], _repo.Root,
            new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["UseSharedCompilation"] = "false" });
        Assert.True(File.Exists(_repo.PathOf("src/Web/bin/Debug/net10.0/Web.dll")));
        Assert.True(File.Exists(_repo.PathOf("src/Data/bin/Debug/net10.0/Data.dll")));
        Assert.False(File.Exists(_repo.PathOf("src/Standalone/bin/Debug/net10.0/Standalone.dll")));
    }

    [Fact]
    public void WithoutABaseTheRemotesDefaultBranchIsTheBase()
    {
        // A clone of a repository whose default branch is master: origin/HEAD names it, there is no origin/main.
        _repo.Git("branch", "-m", "main", "master");
        _repo.Git("update-ref", "refs/remotes/origin/master", "master");
        _repo.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master");
        _repo.Git("branch", "-D", "master");
        File.AppendAllText(_repo.PathOf("src/Standalone/Standalone.cs"), "// edited\n");
        _repo.CommitAll("edit standalone");

        var result = Affected(baseRef: null);
        AssertProjects(result, Standalone);
        Assert.Contains("origin/master", result.Error);
        Assert.DoesNotContain("FF3009", result.Error);
        Assert.Equal("origin/master", FlowForge.Git.DefaultBaseRef.Resolve(_repo.Root).Ref);
    }

    [Fact]
    public void WithoutABaseOrARemoteALocalMasterIsTheBase()
    {
        _repo.Git("branch", "-m", "main", "master");
        File.AppendAllText(_repo.PathOf("src/Core/Core.cs"), "// edited\n");
        _repo.CommitAll("edit core");
        Assert.Equal("master", FlowForge.Git.DefaultBaseRef.Resolve(_repo.Root).Ref);
        AssertProjects(Affected(baseRef: null), Core, Data, Web);
    }

    [Fact]
    public void AnEmptyResultSaysSo()
    {
        _repo.Write("docs/notes.md", "not an input of any project\n");
        _repo.CommitAll("docs only");
        var result = Affected();
        AssertProjects(result);
        Assert.Contains("No project is affected", result.Error);
    }

    public void Dispose() => _repo.Dispose();
}
