using System.Text;
using FlowForge.Toml.Decoder;

namespace FlowForge.Toml.Tests;

/// <summary>
/// Random and mutated inputs derived from the toml-test files: the parser must never throw, hang, overflow the
/// stack or report an internal error. Inputs are generated from a fixed seed so a failure reproduces.
/// </summary>
public class RobustnessTests
{
    private static readonly TimeSpan PerInputTimeout = TimeSpan.FromSeconds(2);

    private static readonly byte[] Interesting = "\"'[]{}=.,#\\\n\r\t _-+:0123456789eExobTZtfin"u8.ToArray()
        .Concat(new byte[] { 0x00, 0x7F, 0x80, 0xC3, 0xE2, 0xEF, 0xBB, 0xBF, 0xF0, 0xFF })
        .ToArray();

    [Fact]
    public async Task MutatedAndRandomInputsNeverBreakTheParser()
    {
        Assert.True(TomlTestSuite.TestsFolder != null, $"The toml-test suite was not found at {TomlTestSuite.ExpectedLocation}.");
        var inputs = GenerateInputs(new Random(20240501)).ToList();
        Assert.True(inputs.Count > 2000, $"only {inputs.Count} inputs");

        int index = 0;
        foreach (byte[] input in inputs)
        {
            IReadOnlyList<TomlDiagnostic> diagnostics = Array.Empty<TomlDiagnostic>();
            bool finished = await TimeLimit.RunAsync(() => TaggedJson.TryDecode(input, out diagnostics), PerInputTimeout);
            Assert.True(finished, $"Input #{index} did not finish within {PerInputTimeout.TotalSeconds} s: {Show(input)}");
            Assert.True(
                !diagnostics.Any(d => d.Code == TomlDiagnosticCodes.InternalError),
                $"Input #{index} hit an internal error: {string.Join("; ", diagnostics)} for {Show(input)}");
            Assert.All(diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1 && d.Offset >= 0 && d.Offset <= input.Length, $"bad position {d} for input #{index}"));
            index++;
        }
    }

    private static IEnumerable<byte[]> GenerateInputs(Random random)
    {
        var files = Directory.EnumerateFiles(TomlTestSuite.TestsFolder!, "*.toml", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .Where(b => b.Length > 0)
            .ToList();

        foreach (byte[] file in files)
        {
            yield return FlipBit(file, random);
            yield return file.AsSpan(0, random.Next(file.Length)).ToArray();
            yield return Insert(file, random);
            yield return Delete(file, random);
            if (random.Next(2) == 0)
            {
                yield return Insert(Insert(FlipBit(file, random), random), random);
            }
        }

        for (int i = 0; i < 400; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            for (int j = 0; j < bytes.Length; j++)
            {
                bytes[j] = random.Next(3) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
            }

            yield return bytes;
        }

        foreach (int depth in new[] { 127, 128, 129, 200, 5_000, 100_000 })
        {
            yield return Repeat("[", depth);
            yield return Repeat("[[", depth);
            yield return Encoding.ASCII.GetBytes("a = " + new string('[', depth) + new string(']', depth));
            yield return Encoding.ASCII.GetBytes("a = " + string.Concat(Enumerable.Repeat("{a=", depth)) + "1" + new string('}', depth));
            yield return Encoding.ASCII.GetBytes("a = " + string.Concat(Enumerable.Repeat("[{a=", depth)));
            yield return Encoding.ASCII.GetBytes(string.Join('.', Enumerable.Repeat("a", depth)) + " = 1");
            yield return Encoding.ASCII.GetBytes("[" + string.Join('.', Enumerable.Repeat("a", depth)) + "]");
            yield return Encoding.ASCII.GetBytes("[[" + string.Join('.', Enumerable.Repeat("a", depth)) + "]]\nb.c = {d = [1]}");
            yield return Encoding.ASCII.GetBytes("s = \"" + string.Concat(Enumerable.Repeat("\\u00e9", depth)) + "\"");
            yield return Encoding.ASCII.GetBytes("s = \"\"\"" + new string('"', depth));
        }
    }

    private static byte[] FlipBit(byte[] source, Random random)
    {
        byte[] copy = (byte[])source.Clone();
        int at = random.Next(copy.Length);
        copy[at] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private static byte[] Insert(byte[] source, Random random)
    {
        int at = random.Next(source.Length + 1);
        byte value = random.Next(4) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
        return source.Take(at).Append(value).Concat(source.Skip(at)).ToArray();
    }

    private static byte[] Delete(byte[] source, Random random)
    {
        int at = random.Next(source.Length);
        int count = 1 + random.Next(Math.Min(4, source.Length - at));
        return source.Take(at).Concat(source.Skip(at + count)).ToArray();
    }

    private static byte[] Repeat(string text, int count) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(text, count)));

    private static string Show(byte[] input) => Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 200)));
}
