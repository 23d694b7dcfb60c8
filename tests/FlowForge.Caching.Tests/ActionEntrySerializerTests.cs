using System.Text;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests;

public class ActionEntrySerializerTests
{
    private static readonly ContentHash Key = Outputs.Key("serializer");

    private static ActionEntry Sample() => new(Key,
        [new OutputFile("Lib.dll", ContentHash.Of("a"), 10, false), new OutputFile("ref/Lib.dll", ContentHash.Of("b"), 5, true)],
        ["Program.cs(3,5): warning CS0168: The variable 'x' is declared but never used"],
        new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), "1.2.3");

    [Fact]
    public void Round_trips()
    {
        var bytes = ActionEntrySerializer.Serialize(Sample());
        var parsed = ActionEntrySerializer.TryParse(bytes, Key, out var code, out _);
        Assert.NotNull(parsed);
        Assert.Null(code);
        Assert.Equal(Sample().Files, parsed.Files);
        Assert.Equal(Sample().Diagnostics, parsed.Diagnostics);
        Assert.Equal(Sample().CreatedUtc, parsed.CreatedUtc);
        Assert.Equal("1.2.3", parsed.ToolVersion);
    }

    [Fact]
    public void Every_single_flipped_byte_is_detected()
    {
        var bytes = ActionEntrySerializer.Serialize(Sample());
        for (int i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x01;
            // Structure, checksum and body are all covered: no flipped bit yields an entry at all.
            Assert.Null(ActionEntrySerializer.TryParse(copy, Key, out _, out _));
        }
    }

    [Fact]
    public void Truncation_and_garbage_are_corrupt()
    {
        var bytes = ActionEntrySerializer.Serialize(Sample());
        for (int length = 0; length < bytes.Length; length += 7)
            Assert.Null(ActionEntrySerializer.TryParse(bytes.AsSpan(0, length), Key, out _, out _));
        var random = new byte[300];
        new Random(1).NextBytes(random);
        Assert.Null(ActionEntrySerializer.TryParse(random, Key, out var code, out _));
        Assert.Equal(CacheDiagnosticCodes.CorruptEntry, code);
    }

    [Fact]
    public void Entry_of_another_key_is_rejected()
    {
        var bytes = ActionEntrySerializer.Serialize(Sample());
        Assert.Null(ActionEntrySerializer.TryParse(bytes, Outputs.Key("other"), out var code, out var reason));
        Assert.Equal(CacheDiagnosticCodes.CorruptEntry, code);
        Assert.Contains("another key", reason);
    }

    [Theory]
    [InlineData("../evil.dll")]
    [InlineData("/tmp/evil.dll")]
    [InlineData("..\\evil.dll")]
    [InlineData("a//b.dll")]
    public void Unsafe_path_with_a_valid_checksum_is_rejected_with_its_own_code(string path)
    {
        // An attacker who can write the cache can also compute the checksum: the path check must stand on its own.
        var entry = Sample() with { Files = [new OutputFile(path, ContentHash.Of("a"), 1)] };
        var bytes = ActionEntrySerializer.Serialize(entry);
        Assert.Null(ActionEntrySerializer.TryParse(bytes, Key, out var code, out var reason));
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, code);
        Assert.Contains("rejected", reason);
    }

    [Fact]
    public void Output_is_json_with_the_documented_shape()
    {
        var text = Encoding.UTF8.GetString(ActionEntrySerializer.Serialize(Sample()));
        using var document = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(64, document.RootElement.GetProperty("sha256").GetString()!.Length);
        Assert.Equal("ref/Lib.dll", document.RootElement.GetProperty("entry").GetProperty("files")[1].GetProperty("path").GetString());
    }
}
