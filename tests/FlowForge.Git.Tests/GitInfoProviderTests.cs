using FlowForge.Core.Diagnostics;
using FlowForge.Git;

namespace FlowForge.Git.Tests;

/// <summary>A repository shared by read-only tests: two commits, an annotated tag on the first, a remote with credentials.</summary>
public sealed class TaggedRepoFixture : IDisposable
{
    public TaggedRepoFixture()
    {
        Temp = new TestRepo();
        Repo = Temp.Init();
        FirstCommit = Temp.Commit(Repo, "one", ("a.txt", "a"));
        Temp.Git(Repo, "tag", "-a", "v1.0", "-m", "release 1.0");
        HeadCommit = Temp.Commit(Repo, "two", ("src/b.txt", "b"));
        Temp.Git(Repo, "remote", "add", "origin", "https://builder:s3cret-token@example.com/org/repo.git");
        CommitDate = Temp.Git(Repo, "log", "-1", "--format=%cI").Trim();
    }

    public TestRepo Temp { get; }
    public string Repo { get; }
    public string FirstCommit { get; }
    public string HeadCommit { get; }
    public string CommitDate { get; }

    public void Dispose() => Temp.Dispose();
}

public class GitInfoProviderTests(TaggedRepoFixture fixture) : IClassFixture<TaggedRepoFixture>
{
    [Fact]
    public void NormalRepositoryFromASubfolderWithTwoProcesses()
    {
        var cli = fixture.Temp.Cli();
        var info = GitInfoProvider.Read(Path.Combine(fixture.Repo, "src"), fixture.Temp.Options(cli));

        Assert.True(info.IsRepository);
        Assert.Equal(fixture.Repo, info.RepositoryRoot);
        Assert.Equal(fixture.HeadCommit, info.Commit);
        Assert.Equal(fixture.HeadCommit[..7], info.ShortCommit);
        Assert.Equal("main", info.Branch);
        Assert.Equal("HEAD", info.BranchSource);
        Assert.False(info.IsDetached);
        Assert.False(info.IsDirty);
        Assert.Equal(0, info.UntrackedFiles);
        Assert.Equal(fixture.CommitDate, info.CommitDate);
        Assert.Equal($"v1.0-1-g{fixture.HeadCommit[..7]}", info.Describe);
        Assert.Equal("https://example.com/org/repo.git", info.RemoteUrl);
        Assert.Equal("sha1", info.ObjectFormat);
        Assert.False(info.IsShallow || info.IsWorktree || info.IsSubmodule || info.FromCache);
        Assert.Empty(info.Warnings);
        Assert.Equal(2, cli.ProcessesStarted); // status + log (date and describe together)
    }

    [Fact]
    public void ManagedOnlyReadStartsNoProcess()
    {
        var cli = fixture.Temp.Cli();
        var info = GitInfoProvider.Read(fixture.Repo, fixture.Temp.Options(cli) with { UseCli = false });
        Assert.Equal(fixture.HeadCommit, info.Commit);
        Assert.Equal("main", info.Branch);
        Assert.Null(info.IsDirty);
        Assert.Null(info.Describe);
        Assert.Equal(0, cli.ProcessesStarted);
    }

    [Fact]
    public void AnnotatedTagIsPeeledFromLooseAndPackedRefs()
    {
        var location = Locate(fixture.Repo);
        var resolver = new RefResolver(location.GitDirectory, location.CommonDirectory, GitObjectFormat.Sha1);
        var loose = resolver.Resolve("refs/tags/v1.0")!;
        Assert.NotNull(loose.LooseFile);
        Assert.NotEqual(fixture.FirstCommit, loose.ObjectId); // the tag object, not the commit

        using var t = new TestRepo();
        var clone = Path.Combine(t.Root, "packed");
        t.Git(t.Root, "clone", "-q", fixture.Repo, clone);
        t.Git(clone, "pack-refs", "--all");
        var packedLocation = Locate(clone);
        var packed = new RefResolver(packedLocation.GitDirectory, packedLocation.CommonDirectory, GitObjectFormat.Sha1).Resolve("refs/tags/v1.0")!;
        Assert.Null(packed.LooseFile);
        Assert.Equal(loose.ObjectId, packed.ObjectId);
        Assert.Equal(fixture.FirstCommit, packed.PeeledObjectId);
    }

    [Fact]
    public void PackedRefsOnly()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var commit = t.Commit(repo, "one", ("a.txt", "1"));
        t.Git(repo, "pack-refs", "--all");
        Assert.False(File.Exists(Path.Combine(repo, ".git", "refs", "heads", "main")));

        var info = GitInfoProvider.Read(repo, t.Options() with { UseCli = false });
        Assert.Equal(commit, info.Commit);
        Assert.Equal("main", info.Branch);
        Assert.Empty(info.Warnings);

        // A loose ref written after packing wins over the stale packed line.
        var second = t.Commit(repo, "two");
        Assert.Equal(second, GitInfoProvider.Read(repo, t.Options() with { UseCli = false }).Commit);
    }

    [Fact]
    public void DirtyAndUntrackedState()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var commit = t.Commit(repo, "one", ("a.txt", "1"));
        t.Write(repo, "new.txt", "untracked");
        var untrackedOnly = GitInfoProvider.Read(repo, t.Options());
        Assert.False(untrackedOnly.IsDirty);
        Assert.Equal(1, untrackedOnly.UntrackedFiles);
        Assert.Equal(commit[..7], untrackedOnly.Describe); // no tags: --always form

        t.Write(repo, "a.txt", "changed");
        var dirty = GitInfoProvider.Read(repo, t.Options());
        Assert.True(dirty.IsDirty);
        Assert.Equal(commit[..7] + "-dirty", dirty.Describe);
    }

    [Fact]
    public void ExactTagDescribesInLongForm()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var commit = t.Commit(repo, "one");
        t.Git(repo, "tag", "v2.0"); // lightweight: found because describe uses --tags
        Assert.Equal($"v2.0-0-g{commit[..7]}", GitInfoProvider.Read(repo, t.Options()).Describe);
    }

    [Fact]
    public void DetachedHeadAndCiBranchFallback()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var first = t.Commit(repo, "one");
        t.Commit(repo, "two");
        t.Git(repo, "checkout", "-q", "--detach", first);

        var plain = GitInfoProvider.Read(repo, t.Options());
        Assert.True(plain.IsDetached);
        Assert.Null(plain.Branch);
        Assert.Equal(first, plain.Commit);

        var managed = GitInfoProvider.Read(repo, t.Options() with { UseCli = false });
        Assert.True(managed.IsDetached);
        Assert.Equal(first, managed.Commit);

        var ci = GitInfoProvider.Read(repo, t.Options(environment: new() { ["GITHUB_REF"] = "refs/heads/release/2" }));
        Assert.True(ci.IsDetached);
        Assert.Equal("release/2", ci.Branch);
        Assert.Equal("GITHUB_REF", ci.BranchSource);

        var azure = GitInfoProvider.Read(repo, t.Options(environment: new() { ["BUILD_SOURCEBRANCH"] = "refs/heads/az" }));
        Assert.Equal("az", azure.Branch);

        // On a branch, CI variables never override the real branch.
        t.Git(repo, "checkout", "-q", "main");
        Assert.Equal("main", GitInfoProvider.Read(repo, t.Options(environment: new() { ["GITHUB_REF"] = "refs/heads/other" })).Branch);
    }

    [Fact]
    public void LinkedWorktree()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        t.Commit(repo, "one");
        var worktree = Path.Combine(t.Root, "wt");
        t.Git(repo, "worktree", "add", "-q", "-b", "topic", worktree);
        var commit = t.Commit(worktree, "on topic", ("w.txt", "w"));

        var info = GitInfoProvider.Read(worktree, t.Options());
        Assert.True(info.IsWorktree);
        Assert.False(info.IsSubmodule);
        Assert.Equal(worktree, info.RepositoryRoot);
        Assert.Equal("topic", info.Branch);
        Assert.Equal(commit, info.Commit);
        Assert.False(info.IsDirty);
        Assert.Empty(info.Warnings);

        var location = Locate(worktree);
        Assert.Equal(Path.Combine(repo, ".git"), location.CommonDirectory);
        Assert.StartsWith(Path.Combine(repo, ".git", "worktrees"), location.GitDirectory);
        // The main checkout is unaffected.
        Assert.Equal("main", GitInfoProvider.Read(repo, t.Options() with { UseCli = false }).Branch);
    }

    [Fact]
    public void Submodule()
    {
        using var t = new TestRepo();
        var library = t.Init("library");
        var libraryCommit = t.Commit(library, "lib", ("lib.txt", "l"));
        var super = t.Init("super");
        t.Commit(super, "super");
        t.Git(super, "-c", "protocol.file.allow=always", "submodule", "add", "-q", library, "deps/lib");
        t.Git(super, "commit", "-q", "-m", "add submodule");

        var sub = Path.Combine(super, "deps", "lib");
        var info = GitInfoProvider.Read(sub, t.Options());
        Assert.True(info.IsSubmodule);
        Assert.False(info.IsWorktree);
        Assert.Equal(sub, info.RepositoryRoot);
        Assert.Equal(libraryCommit, info.Commit);
        Assert.Equal("main", info.Branch);
        Assert.Equal(library, info.RemoteUrl);
        Assert.StartsWith(Path.Combine(super, ".git", "modules"), info.GitDirectory);

        var superInfo = GitInfoProvider.Read(super, t.Options());
        Assert.False(superInfo.IsSubmodule);
        Assert.False(superInfo.IsDirty);
    }

    [Fact]
    public void ShallowCloneIsFlaggedOnceAndStillRead()
    {
        using var t = new TestRepo();
        var source = t.Init("source");
        t.Commit(source, "one");
        t.Git(source, "tag", "-a", "v1", "-m", "v1");
        var head = t.Commit(source, "two");
        var clone = Path.Combine(t.Root, "shallow");
        t.Git(t.Root, "clone", "-q", "--depth", "1", "file://" + source.Replace('\\', '/'), clone);

        var info = GitInfoProvider.Read(clone, t.Options());
        Assert.True(info.IsShallow);
        Assert.Equal(head, info.Commit);
        Assert.Equal("main", info.Branch);
        Assert.Equal(head[..7], info.Describe); // the tag is beyond the shallow boundary
        var warning = Assert.Single(info.Warnings);
        Assert.Equal(GitDiagnosticCodes.ShallowClone, warning.Code);
        Assert.Equal(DiagnosticSeverity.Message, warning.Severity);
    }

    [Fact]
    public void Sha256Repository()
    {
        using var t = new TestRepo();
        var repo = t.Init("repo", "--object-format=sha256");
        var commit = t.Commit(repo, "one", ("a.txt", "a"));
        t.Git(repo, "tag", "-a", "v1", "-m", "v1");
        Assert.Equal(64, commit.Length);

        var info = GitInfoProvider.Read(repo, t.Options());
        Assert.Equal("sha256", info.ObjectFormat);
        Assert.Equal(commit, info.Commit);
        Assert.Equal(commit[..7], info.ShortCommit);
        Assert.Equal($"v1-0-g{commit[..7]}", info.Describe);
        Assert.Empty(info.Warnings);

        t.Git(repo, "pack-refs", "--all");
        var location = Locate(repo);
        var tag = new RefResolver(location.GitDirectory, location.CommonDirectory, GitObjectFormat.Sha256).Resolve("refs/tags/v1")!;
        Assert.Equal(commit, tag.PeeledObjectId);
    }

    [Fact]
    public void UnbornBranchSkipsTheLogProcess()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var cli = t.Cli();
        var info = GitInfoProvider.Read(repo, t.Options(cli));
        Assert.True(info.IsRepository);
        Assert.Equal("main", info.Branch);
        Assert.Null(info.Commit);
        Assert.Null(info.Describe);
        Assert.False(info.IsDirty);
        Assert.Empty(info.Warnings);
        Assert.Equal(1, cli.ProcessesStarted);
    }

    [Fact]
    public void NoRepositoryIsOneWarning()
    {
        using var t = new TestRepo();
        var folder = Path.Combine(t.Root, "plain", "folder");
        Directory.CreateDirectory(folder);
        // The temp folder could itself sit inside a repository on a developer machine; only assert when it does not.
        if (RepositoryLocator.TryLocate(folder, out _, out _)) return;
        var info = GitInfoProvider.Read(folder, t.Options());
        Assert.False(info.IsRepository);
        Assert.Null(info.Commit);
        Assert.Equal(GitDiagnosticCodes.NoRepository, Assert.Single(info.Warnings).Code);
    }

    [Fact]
    public void GitMissingFromPathStillGivesManagedData()
    {
        using var t = new TestRepo();
        var emptyBin = Path.Combine(t.Root, "bin");
        Directory.CreateDirectory(emptyBin);
        var info = GitInfoProvider.Read(fixture.Repo, t.Options(environment: new() { ["PATH"] = emptyBin }));
        Assert.Equal(fixture.HeadCommit, info.Commit);
        Assert.Equal("main", info.Branch);
        Assert.Null(info.IsDirty);
        Assert.Null(info.Describe);
        Assert.Equal(GitDiagnosticCodes.GitNotFound, Assert.Single(info.Warnings).Code);
    }

    [Fact]
    public void DubiousOwnershipFromTheCliIsOneWarning()
    {
        var stderr = $"fatal: detected dubious ownership in repository at '{fixture.Repo}'\nTo add an exception for this directory, call:\n";
        var fake = new FakeRunner(_ => new GitProcessResult(128, "", stderr));
        var info = GitInfoProvider.Read(fixture.Repo, fixture.Temp.Options(fake));
        Assert.Equal(fixture.HeadCommit, info.Commit);
        Assert.Equal("main", info.Branch);
        Assert.Null(info.IsDirty);
        Assert.Equal(GitDiagnosticCodes.DubiousOwnership, Assert.Single(info.Warnings).Code);
        Assert.Equal(2, fake.ProcessesStarted);
    }

    [Fact]
    public void DubiousOwnershipWithRealGit()
    {
        // Needs a repository owned by another user: possible only where we may chown (root in containers).
        if (OperatingSystem.IsWindows()) return;
        using var t = new TestRepo();
        var repo = t.Init();
        var commit = t.Commit(repo, "one");
        try
        {
            t.Git(t.Root, "--version"); // sanity
            var chown = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chown", ["-R", "65534:65534", repo]) { RedirectStandardError = true })!;
            chown.WaitForExit();
            if (chown.ExitCode != 0) return;
        }
        catch (System.ComponentModel.Win32Exception) { return; }

        var info = GitInfoProvider.Read(repo, t.Options());
        Assert.Equal(commit, info.Commit);
        Assert.Equal(GitDiagnosticCodes.DubiousOwnership, Assert.Single(info.Warnings).Code);
    }

    [Fact]
    public void TimeoutAndFailuresAreCoded()
    {
        var timedOut = GitInfoProvider.Read(fixture.Repo, fixture.Temp.Options(new FakeRunner(_ => new GitProcessResult(-1, "", "", TimedOut: true))));
        Assert.Equal(GitDiagnosticCodes.GitCommandTimedOut, Assert.Single(timedOut.Warnings).Code);
        var failed = GitInfoProvider.Read(fixture.Repo, fixture.Temp.Options(new FakeRunner(_ => new GitProcessResult(1, "", "fatal: boom"))));
        Assert.Equal(GitDiagnosticCodes.GitCommandFailed, Assert.Single(failed.Warnings).Code);
        Assert.Equal(fixture.HeadCommit, failed.Commit);
    }

    [Fact]
    public void OldGitWithoutDescribePlaceholderCostsOneMoreProcess()
    {
        var fake = new FakeRunner(args => args[1] switch
        {
            "status" => new GitProcessResult(0, $"# branch.oid {fixture.HeadCommit}\0# branch.head main\0", ""),
            "log" => new GitProcessResult(0, $"{fixture.HeadCommit}\0{fixture.CommitDate}\0%(describe:tags=true,abbrev=7)\n", ""),
            _ => new GitProcessResult(0, $"v1.0-1-g{fixture.HeadCommit[..7]}\n", ""),
        });
        var info = GitInfoProvider.Read(fixture.Repo, fixture.Temp.Options(fake));
        Assert.Equal($"v1.0-1-g{fixture.HeadCommit[..7]}", info.Describe);
        Assert.Equal(3, fake.ProcessesStarted);
        Assert.Contains(fake.Commands, c => c.StartsWith("describe --tags --long --always"));
    }

    [Fact]
    public void CorruptRefIsCodedAndTheCliFillsIn()
    {
        using var t = new TestRepo();
        var repo = t.Init();
        var commit = t.Commit(repo, "one");
        // A HEAD that points outside refs/ must not be followed (it could name any file).
        File.WriteAllText(Path.Combine(repo, ".git", "HEAD"), "ref: ../../../etc/passwd\n");
        var managed = GitInfoProvider.Read(repo, t.Options() with { UseCli = false });
        Assert.Null(managed.Commit);
        Assert.Equal(GitDiagnosticCodes.CorruptRef, Assert.Single(managed.Warnings).Code);

        File.WriteAllText(Path.Combine(repo, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(repo, ".git", "refs", "heads", "main"), "not-a-hash\n");
        var info = GitInfoProvider.Read(repo, t.Options() with { UseCli = false });
        Assert.Equal("main", info.Branch);
        Assert.Equal(GitDiagnosticCodes.CorruptRef, Assert.Single(info.Warnings).Code);
    }

    [Fact]
    public void BrokenGitFileIsReportedNotSkipped()
    {
        using var t = new TestRepo();
        var folder = Path.Combine(t.Root, "moved-worktree");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ".git"), "gitdir: ../does-not-exist/.git/worktrees/x\n");
        var info = GitInfoProvider.Read(folder, t.Options());
        Assert.False(info.IsRepository);
        Assert.Equal(GitDiagnosticCodes.CorruptRef, Assert.Single(info.Warnings).Code);
    }

    private static GitRepositoryLocation Locate(string folder)
    {
        Assert.True(RepositoryLocator.TryLocate(folder, out var location, out var problem), problem);
        return location!;
    }
}
