using FlowForge.Git;

namespace FlowForge.Git.Tests;

public class StatusParserTests
{
    private const string Oid = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public void ParsesHeadersAndEveryEntryKind()
    {
        var output = string.Join('\0',
            $"# branch.oid {Oid}",
            "# branch.head feature/x",
            "# branch.upstream origin/feature/x",
            "# branch.ab +2 -3",
            "# stash 1",
            $"1 .M N... 100644 100644 100644 {Oid} {Oid} src/with space.cs",
            $"2 R. N... 100644 100644 100644 {Oid} {Oid} R100 new name.cs",
            "old name.cs",
            $"u UU N... 100644 100644 100644 100644 {Oid} {Oid} {Oid} conflict.cs",
            "? untracked file.txt",
            "! ignored.bin") + "\0";
        var status = StatusParser.Parse(output);

        Assert.Equal(Oid, status.HeadCommit);
        Assert.Equal("feature/x", status.Branch);
        Assert.False(status.IsDetached);
        Assert.Equal("origin/feature/x", status.Upstream);
        Assert.Equal(2, status.Ahead);
        Assert.Equal(3, status.Behind);
        Assert.Equal(5, status.Entries.Count);
        Assert.Equal(new StatusEntry(StatusEntryKind.Changed, ".M", "src/with space.cs"), status.Entries[0]);
        Assert.Equal(new StatusEntry(StatusEntryKind.RenamedOrCopied, "R.", "new name.cs", "old name.cs"), status.Entries[1]);
        Assert.Equal(new StatusEntry(StatusEntryKind.Unmerged, "UU", "conflict.cs"), status.Entries[2]);
        Assert.Equal(new StatusEntry(StatusEntryKind.Untracked, "??", "untracked file.txt"), status.Entries[3]);
        Assert.Equal(StatusEntryKind.Ignored, status.Entries[4].Kind);
        Assert.True(status.IsDirty);
        Assert.Equal(1, status.UntrackedCount);
    }

    [Fact]
    public void InitialAndDetachedAndUntrackedOnly()
    {
        var status = StatusParser.Parse("# branch.oid (initial)\0# branch.head (detached)\0? a.txt\0");
        Assert.Null(status.HeadCommit);
        Assert.Null(status.Branch);
        Assert.True(status.IsDetached);
        Assert.False(status.IsDirty); // untracked files alone are not "dirty", as with describe --dirty
        Assert.Equal(1, status.UntrackedCount);
    }

    [Fact]
    public void TruncatedRenameRecordIsAFormatError()
    {
        Assert.Throws<FormatException>(() => StatusParser.Parse($"2 R. N... 100644 100644 100644 {Oid} {Oid} R100 new.cs"));
        Assert.Throws<FormatException>(() => StatusParser.Parse("1 .M N..."));
    }
}
