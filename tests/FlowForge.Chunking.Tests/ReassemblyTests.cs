using System.Text;
using static FlowForge.Chunking.Tests.TestData;

namespace FlowForge.Chunking.Tests;

/// <summary>Every chunker gives back the exact bytes, on valid, random, truncated and malformed input, and never throws.</summary>
public class ReassemblyTests
{
    public static IEnumerable<object[]> Chunkers() => new[]
    {
        new object[] { new CSharpChunker(Small) }, new object[] { new TomlChunker(Small) }, new object[] { new JsonChunker(Small) },
        new object[] { new XmlChunker(Small) }, new object[] { new ContentDefinedChunker(Small) },
        new object[] { new CSharpChunker(Unmerged) }, new object[] { new CSharpChunker() },
    };

    private static readonly string[] Samples =
    {
        CSharpSourceGenerator.Generate(5, 3, 6),
        "class A { string s = $\"{ \"x\" }\"; char c = '\\''; /* } */ }",
        "[a]\nx = \"\"\"\n[b]\n\"\"\"\n[[c]]\ny = [\n [1],\n]\n",
        "{\"a\": [1, 2, {\"b\": \"}\"}], \"c\": \"\\\"\"}",
        "<?xml version=\"1.0\"?><r><a x=\">\"/><!-- <b> --><![CDATA[<c>]]><d>t</d></r>",
        "",
        "\uFEFFclass Bom { }",
        "$$\"\"\"{{ \"unterminated",
        "}}}}{{{{ ))) ((( ;;; namespace ; class ; record ( enum {",
        "@\"unterminated verbatim",
        "'",
        "#if\n{\n#endif\n",
        "{\"key\" \"missing colon\"}",
        "[[unterminated\n[ok]\nx='''never closed",
        "<a><b></a></b><c",
    };

    [Theory]
    [MemberData(nameof(Chunkers))]
    public void Samples_and_all_their_prefixes_reassemble_exactly(IChunker chunker)
    {
        foreach (var sample in Samples)
        {
            var bytes = Utf8(sample);
            for (int length = 0; length <= bytes.Length; length += Math.Max(1, bytes.Length / 200))
            {
                var prefix = bytes.AsSpan(0, length);
                AssertCovers(chunker.Split(prefix, new List<FlowForge.Core.Diagnostics.Diagnostic>()), prefix);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Chunkers))]
    public void Random_binary_and_random_ascii_reassemble_exactly(IChunker chunker)
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var binary = RandomBytes(20_000 + seed * 997, seed);
            AssertCovers(chunker.Split(binary), binary);

            // Random text built from structural characters stresses the lexers' error paths.
            var random = new Random(seed);
            const string alphabet = "{}[]()<>\"'@$#/*\\\n =;,:.!?abc123 \t\r";
            var text = Encoding.UTF8.GetBytes(new string(Enumerable.Range(0, 5000).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
            AssertCovers(chunker.Split(text), text);
        }
    }

    [Fact]
    public void Deeply_nested_types_do_not_overflow_the_stack()
    {
        var source = string.Concat(Enumerable.Repeat("class N {", 5000)) + string.Concat(Enumerable.Repeat("}", 5000));
        var bytes = Utf8(source);
        AssertCovers(new CSharpChunker().Split(bytes), bytes);
    }
}
