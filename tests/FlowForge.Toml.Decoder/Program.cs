// toml-test decoder protocol: TOML on stdin, tagged JSON on stdout; exit 1 with the errors on stderr when invalid.
using FlowForge.Toml.Decoder;

using var stdin = Console.OpenStandardInput();
using var buffer = new MemoryStream();
stdin.CopyTo(buffer);

string? json = TaggedJson.TryDecode(buffer.ToArray(), out var diagnostics);
if (json == null)
{
    foreach (var diagnostic in diagnostics)
    {
        Console.Error.WriteLine(diagnostic.ToString());
    }

    return 1;
}

using var stdout = Console.OpenStandardOutput();
byte[] bytes = System.Text.Encoding.UTF8.GetBytes(json);
stdout.Write(bytes, 0, bytes.Length);
return 0;
