using System.Text;
using FlowForge.Chunking.Changes;
using FlowForge.Core.Hashing;

namespace FlowForge.Chunking.Tests;

public sealed class MemberChangeTrackerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ff-members-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private static string Source(int methods, Func<int, string>? body = null)
    {
        var text = new StringBuilder("namespace Gen;\npublic static class Big\n{\n");
        for (int i = 0; i < methods; i++)
            text.Append($"    public static int M{i}(int v)\n    {{\n        {(body?.Invoke(i) ?? $"return v + {i};")}\n    }}\n\n");
        return text.Append("}\n").ToString();
    }

    private (string Path, ContentHash Hash) Write(string text)
    {
        var path = Path.Combine(_root, "Big.g.cs");
        File.WriteAllText(path, text);
        return (path, ContentHash.OfFile(path));
    }

    [Fact]
    public void Names_exactly_the_edited_member_even_among_tiny_members()
    {
        var tracker = new MemberChangeTracker(Path.Combine(_root, "members"));
        var (path, v1) = Write(Source(500));
        Assert.Null(tracker.Track(path, null, v1)); // baseline: nothing to compare with

        var (_, v2) = Write(Source(500, i => i == 321 ? "return v * 2;" : $"return v + {i};"));
        var changes = tracker.Track(path, v1, v2)!;
        Assert.Equal(["Gen.Big.M321(int)"], changes.Changed);
        Assert.Empty(changes.Added);
        Assert.Empty(changes.Removed);
        Assert.Equal("members changed: Gen.Big.M321(int)", MemberChangeTracker.Describe(changes));
        Assert.Equal(["Gen.Big.M321(int)"], MemberChangeTracker.MemberNames(changes));
    }

    [Fact]
    public void Added_and_removed_members_are_marked()
    {
        var tracker = new MemberChangeTracker(Path.Combine(_root, "members"));
        var (path, v1) = Write(Source(10));
        tracker.Remember(path, v1);
        var (_, v2) = Write(Source(10).Replace("    public static int M3(int v)\n    {\n        return v + 3;\n    }\n\n", "")
            .Replace("}\n", "    public static int Extra() => 1;\n}\n", StringComparison.Ordinal));
        var changes = tracker.Track(path, v1, v2)!;
        var names = MemberChangeTracker.MemberNames(changes);
        Assert.Contains("-Gen.Big.M3(int)", names);
        Assert.Contains("+Gen.Big.Extra()", names);
    }

    [Fact]
    public void A_stale_or_corrupt_list_gives_no_names_never_wrong_ones()
    {
        var tracker = new MemberChangeTracker(Path.Combine(_root, "members"));
        var (path, v1) = Write(Source(50));
        tracker.Remember(path, v1);
        var (_, v2) = Write(Source(50, i => i == 7 ? "return 0;" : $"return v + {i};"));
        // The previous build saw another version than the list describes (e.g. the list was written by an older build).
        Assert.Null(tracker.Track(path, ContentHash.Of("something else"), v2));

        var (_, v3) = Write(Source(50, i => i == 8 ? "return 0;" : $"return v + {i};"));
        File.WriteAllText(tracker.ListFile(path), "{ not json");
        Assert.Null(tracker.Track(path, v2, v3));
        // The corrupt list was replaced by a good one: the next change is named again.
        var (_, v4) = Write(Source(50, i => i == 9 ? "return 0;" : $"return v + {i};"));
        Assert.Equal(["Gen.Big.M8(int)", "Gen.Big.M9(int)"], tracker.Track(path, v3, v4)!.Changed);
    }

    [Fact]
    public void A_file_changed_again_after_hashing_is_not_named()
    {
        var tracker = new MemberChangeTracker(Path.Combine(_root, "members"));
        var (path, v1) = Write(Source(20));
        tracker.Remember(path, v1);
        Write(Source(20, i => i == 1 ? "return 1;" : $"return v + {i};"));
        Assert.Null(tracker.Track(path, v1, ContentHash.Of("the hash the build measured")));
    }

    [Fact]
    public void Files_without_named_structure_are_not_tracked()
    {
        var tracker = new MemberChangeTracker(Path.Combine(_root, "members"));
        var path = Path.Combine(_root, "data.bin");
        var bytes = new byte[200_000];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        Assert.Null(tracker.Track(path, null, ContentHash.OfFile(path)));
        Assert.False(File.Exists(tracker.ListFile(path)));
    }

    [Fact]
    public void Describe_caps_long_lists()
    {
        var changes = new ChunkChanges(Enumerable.Range(0, 8).Select(i => "M" + i).ToList(), [], ["Old"], 0);
        Assert.Equal("members changed: M0, M1, M2, M3, M4, and 3 more; removed: Old", MemberChangeTracker.Describe(changes));
    }
}
