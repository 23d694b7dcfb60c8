using System.Globalization;
using System.Text;

namespace FlowForge.Toml.Benchmarks;

/// <summary>
/// Generates a large, realistic TOML document (a package index: arrays of tables, sub-tables, dotted keys,
/// strings with escapes and non-ASCII text, integers, floats, dates, inline tables, arrays), deterministically.
/// </summary>
internal static class DocumentGenerator
{
    private static readonly string[] Words = { "fast", "build", "cache", "content", "hash", "tool", "parser", "config", "remote", "chunk", "git", "report", "Zürich", "naïve", "日本" };

    public static string Generate(int targetBytes)
    {
        var random = new Random(42);
        var sb = new StringBuilder(targetBytes + 4096);
        sb.Append("# Generated package index\ntitle = \"FlowForge benchmark\"\nversion = 3\n\n[settings]\nmirror = 'https://example.org/index'\ntimeout = 30.5\nretries = 0x10\n\n");
        int i = 0;
        while (sb.Length < targetBytes)
        {
            sb.Append("[[package]]\n");
            sb.Append("name = \"pkg-").Append(i).Append("\"\n");
            sb.Append("version = \"").Append(random.Next(10)).Append('.').Append(random.Next(50)).Append('.').Append(random.Next(200)).Append("\"\n");
            sb.Append("description = \"A ").Append(Word(random)).Append(' ').Append(Word(random)).Append(" library with \\\"quotes\\\" and a tab\\t for ").Append(Word(random)).Append(" users\"\n");
            sb.Append("downloads = ").Append(random.Next(0, int.MaxValue).ToString("N0", CultureInfo.InvariantCulture).Replace(',', '_')).Append('\n');
            sb.Append("score = ").Append((random.NextDouble() * 100).ToString("0.0###", CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("published = ").Append(new DateTime(2015, 1, 1).AddSeconds(random.Next(300_000_000)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)).Append('Z').Append('\n');
            sb.Append("yanked = ").Append(random.Next(20) == 0 ? "true" : "false").Append('\n');
            sb.Append("keywords = [");
            int keywords = random.Next(1, 6);
            for (int k = 0; k < keywords; k++)
            {
                sb.Append(k == 0 ? "\"" : ", \"").Append(Word(random)).Append('"');
            }

            sb.Append("]\n");
            sb.Append("authors = [{ name = \"").Append(Word(random)).Append(" Smith\", email = 'dev").Append(i).Append("@example.org' }]\n");
            sb.Append("links.homepage = \"https://example.org/").Append(i).Append("\"\n");
            sb.Append("links.repository = \"https://git.example.org/").Append(i).Append(".git\"\n");
            sb.Append("\n[package.dependencies]\n");
            int deps = random.Next(1, 6);
            for (int d = 0; d < deps; d++)
            {
                sb.Append("dep-").Append((random.Next(100_000) * 8) + d).Append(" = { version = \"^").Append(random.Next(5)).Append('.').Append(random.Next(20)).Append("\", optional = ").Append(random.Next(3) == 0 ? "true" : "false").Append(" }\n");
            }

            sb.Append("\n[[package.release]]\ndate = ").Append(new DateOnly(2020, 1, 1).AddDays(random.Next(1500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
              .Append("\nsize = ").Append(random.Next(1_000_000)).Append("\nsha = \"").Append(random.NextInt64().ToString("x16", CultureInfo.InvariantCulture)).Append(random.NextInt64().ToString("x16", CultureInfo.InvariantCulture)).Append("\"\nratio = ").Append(random.NextDouble().ToString("R", CultureInfo.InvariantCulture)).Append("\n\n");
            i++;
        }

        return sb.ToString();
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];
}
