using System.Security.Cryptography;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Tests;

public class ContentHashTests
{
    [Fact]
    public void MatchesSha256OfTheSameBytes()
    {
        var data = "hello flowforge"u8.ToArray();
        var expected = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
        Assert.Equal(expected, ContentHash.Of(data).ToString());
    }

    [Fact]
    public void RoundTripsThroughHexAndBytes()
    {
        var hash = ContentHash.Of("x"u8);
        Assert.Equal(hash, ContentHash.Parse(hash.ToString()));
        Assert.Equal(hash, ContentHash.Parse(hash.ToString().ToUpperInvariant()));
        Assert.Equal(hash, new ContentHash(hash.ToBytes()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    public void RejectsMalformedHex(string text) => Assert.False(ContentHash.TryParse(text, out _));

    [Fact]
    public void HashesAFileLikeItsBytes()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.bin");
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        File.WriteAllBytes(file, bytes);
        Assert.Equal(ContentHash.Of(bytes), ContentHash.OfFile(file));
    }

    [Fact]
    public void HasherSeparatesFields()
    {
        using var one = new ContentHasher();
        using var two = new ContentHasher();
        Assert.NotEqual(one.Add("ab").Add("c").Finish(), two.Add("a").Add("bc").Finish());
    }

    [Fact]
    public void DefaultIsZeroAndNotTheEmptyHash()
    {
        Assert.True(default(ContentHash).IsZero);
        Assert.False(ContentHash.Empty.IsZero);
    }
}
