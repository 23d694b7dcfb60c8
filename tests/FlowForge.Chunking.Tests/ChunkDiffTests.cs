using static FlowForge.Chunking.Tests.TestData;

namespace FlowForge.Chunking.Tests;

public class ChunkDiffTests
{
    [Fact]
    public void Reports_changed_added_and_removed_members_by_name()
    {
        var chunker = new CSharpChunker(Unmerged);
        var before = Split(chunker, "class Foo\n{\n    int Bar(int x) => x;\n    int Baz => 1;\n    void Old() { }\n}\n");
        var after = Split(chunker, "class Foo\n{\n    int Bar(int x) => x + 1;\n    int Baz => 2;\n    void New() { }\n}\n");
        var changes = ChunkDiff.Compare(before, after);
        Assert.Equal(new[] { "Foo.Bar(int)", "Foo.Baz" }, changes.Changed);
        Assert.Equal(new[] { "Foo.New()" }, changes.Added);
        Assert.Equal(new[] { "Foo.Old()" }, changes.Removed);
        Assert.Equal(1, changes.UnchangedCount);
        Assert.Equal("members changed: Foo.Bar(int), Foo.Baz; added: Foo.New(); removed: Foo.Old()", changes.ToString());
    }

    [Fact]
    public void Unnamed_chunks_are_compared_by_content()
    {
        var data = RandomBytes(300_000, 5);
        var chunker = new ContentDefinedChunker(Small);
        var before = chunker.Split(data);
        data[150_000] ^= 0xFF;
        var after = chunker.Split(data);
        var changes = ChunkDiff.Compare(before, after);
        Assert.Empty(changes.Changed);
        Assert.InRange(changes.Added.Count, 1, 2);
        Assert.InRange(changes.Removed.Count, 1, 2);
        Assert.StartsWith("<bytes ", changes.Added[0]);
        Assert.False(ChunkDiff.Compare(before, before).HasChanges);
    }
}
