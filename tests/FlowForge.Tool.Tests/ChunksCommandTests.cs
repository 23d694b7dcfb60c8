using System.Text;
using System.Text.Json;
using FlowForge.Core.Records;
using FlowForge.Tool.Commands;

namespace FlowForge.Tool.Tests;

public sealed class ChunksCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ff-chunks-cmd-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Source(int methods)
    {
        var text = new StringBuilder("namespace Gen;\npublic static class Big\n{\n");
        for (int i = 0; i < methods; i++) text.Append($"    public static int M{i}(int v)\n    {{\n        return v + {i};\n    }}\n\n");
        return text.Append("}\n").ToString();
    }

    [Fact]
    public void Json_lists_every_chunk_with_offsets_that_cover_the_file_and_totals()
    {
        var path = Write("Big.g.cs", Source(40));
        var output = new StringWriter();
        Assert.Equal(0, ChunksCommand.Run(path, json: true, format: null, members: true, output, new StringWriter()));
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("csharp", root.GetProperty("chunker").GetString());
        var chunks = root.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal(root.GetProperty("chunkCount").GetInt32(), chunks.Count);
        Assert.Contains(chunks, c => c.GetProperty("name").GetString() == "Gen.Big.M17(int)");
        int expectedOffset = 0;
        var bytes = File.ReadAllBytes(path);
        foreach (var c in chunks)
        {
            Assert.Equal(expectedOffset, c.GetProperty("offset").GetInt32());
            int length = c.GetProperty("length").GetInt32();
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(expectedOffset, length))), c.GetProperty("hash").GetString());
            expectedOffset += length;
        }
        Assert.Equal(bytes.Length, expectedOffset);
        Assert.Equal(bytes.Length, root.GetProperty("length").GetInt32());
    }

    [Fact]
    public void Table_shows_names_and_totals_and_format_overrides_the_extension()
    {
        var toml = Write("config.txt", "title = \"x\"\n\n[server]\nport = 1\n\n[server.tls]\ncert = \"a\"\n");
        var output = new StringWriter();
        Assert.Equal(0, ChunksCommand.Run(toml, json: false, format: "toml", members: true, output, new StringWriter()));
        var text = output.ToString();
        Assert.Contains("[server.tls]", text);
        Assert.Contains("(toml, one per member)", text);

        var cdc = new StringWriter();
        Assert.Equal(0, ChunksCommand.Run(toml, json: false, format: null, members: false, cdc, new StringWriter()));
        Assert.Contains("(cdc)", cdc.ToString());
    }

    [Fact]
    public void Identical_regions_count_once_in_the_distinct_totals()
    {
        var random = new Random(3);
        var block = new byte[300_000];
        random.NextBytes(block);
        var path = Path.Combine(_root, "twice.bin");
        File.WriteAllBytes(path, block.Concat(block).ToArray());
        var output = new StringWriter();
        Assert.Equal(0, ChunksCommand.Run(path, json: true, format: null, members: false, output, new StringWriter()));
        using var json = JsonDocument.Parse(output.ToString());
        Assert.True(json.RootElement.GetProperty("distinctChunks").GetInt32() < json.RootElement.GetProperty("chunkCount").GetInt32());
        Assert.True(json.RootElement.GetProperty("distinctBytes").GetInt64() < 2 * block.Length * 3 / 4);
    }

    [Fact]
    public void A_missing_file_is_an_error_with_exit_code_2()
    {
        var error = new StringWriter();
        Assert.Equal(2, ChunksCommand.Run(Path.Combine(_root, "nope.cs"), json: false, format: null, members: false, new StringWriter(), error));
        Assert.Contains("FF9002", error.ToString());
    }

    [Fact]
    public void Changes_lists_the_changed_members_of_large_inputs()
    {
        var record = new ProjectRecord
        {
            Project = Path.Combine(_root, "App", "App.csproj"),
            Summary = "1 of 2 inputs changed (Big.g.cs (members changed: Gen.Big.M1(int)))",
            Inputs = new ProjectRecord.InputsSection
            {
                Count = 2,
                Changed = [new ProjectRecord.ChangedInput { Path = "Big.g.cs", Kind = "Compile", Change = "Modified", ChangedMembers = ["Gen.Big.M1(int)"] }],
            },
        };
        var recordFile = Path.Combine(_root, "App", "obj", "Debug", "net10.0", "flowforge", ProjectRecord.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(recordFile)!);
        record.Save(recordFile);

        var table = new StringWriter();
        Assert.Equal(0, ChangesCommand.Run(_root, json: false, table));
        Assert.Contains("Big.g.cs: Gen.Big.M1(int)", table.ToString());
        var json = new StringWriter();
        Assert.Equal(0, ChangesCommand.Run(_root, json: true, json));
        using var document = JsonDocument.Parse(json.ToString());
        Assert.Equal("Gen.Big.M1(int)", document.RootElement[0].GetProperty("inputs").GetProperty("changed")[0].GetProperty("changedMembers")[0].GetString());
    }
}
