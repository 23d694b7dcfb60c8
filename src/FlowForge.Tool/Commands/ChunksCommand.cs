using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FlowForge.Chunking;
using FlowForge.Chunking.Changes;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;
using Spectre.Console;

namespace FlowForge.Tool.Commands;

internal static partial class ToolCommands
{
    static partial void AddChunks(List<Command> commands) => commands.Add(ChunksCommand.Create());
}

/// <summary>
/// <c>dotnet flowforge chunks &lt;file&gt; [--json] [--format csharp|toml|json|xml|cdc] [--members]</c>: how FlowForge
/// splits a file — name, offset, length and hash of each chunk, plus totals — for checking why a large file
/// deduplicates well or badly. By default the chunking the cache stores with; <c>--members</c> the one-chunk-per-member
/// chunking that change reports use.
/// </summary>
public static class ChunksCommand
{
    public static readonly string[] Formats = ["csharp", "toml", "json", "xml", "cdc"];

    // Chunk names hold <, > and + ("<header> + Foo.Bar()"): keep them readable in the JSON.
    private static readonly JsonSerializerOptions ReadableJson = new(ToolJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The file to split." };
        var json = new Option<bool>("--json") { Description = "Print the chunks and totals as JSON." };
        var format = new Option<string?>("--format") { Description = "Chunker to use instead of the one chosen by extension: csharp, toml, json, xml or cdc (content-defined)." };
        format.AcceptOnlyFromAmong(Formats);
        var members = new Option<bool>("--members") { Description = "One chunk per member (no merging of small members): the chunking change reports use." };
        var command = new Command("chunks", "Show how FlowForge splits a file into chunks (name, offset, length, hash) and how many are distinct.")
        {
            file, json, format, members,
        };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(json), result.GetValue(format), result.GetValue(members), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string file, bool json, string? format, bool members, TextWriter output, TextWriter error)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            error.WriteLine($"error FF9002: file '{file}' does not exist. Pass the path of a file to split.");
            return 2;
        }
        if (format is not null && !Formats.Contains(format))
        {
            error.WriteLine($"error FF9002: unknown format '{format}'. Use one of: {string.Join(", ", Formats)}.");
            return 2;
        }
        byte[] content;
        try
        {
            if (new FileInfo(path).Length > int.MaxValue)
            {
                error.WriteLine($"error FF9002: '{file}' is larger than 2 GiB; FlowForge stores such files whole and does not chunk them.");
                return 2;
            }
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error FF9002: cannot read '{file}': {e.Message}");
            return 2;
        }

        var options = members ? MemberChangeTracker.ReportOptions : ChunkingOptions.Storage;
        var chunker = format switch
        {
            "csharp" => (IChunker)new CSharpChunker(options),
            "toml" => new TomlChunker(options),
            "json" => new JsonChunker(options),
            "xml" => new XmlChunker(options),
            "cdc" => new ContentDefinedChunker(options),
            _ => Chunkers.ForFile(path, content, options),
        };
        var diagnostics = new List<Diagnostic>();
        var chunks = chunker.Split(content, diagnostics);
        foreach (var d in diagnostics)
            error.WriteLine($"{path}({Math.Max(1, d.Line)},{Math.Max(1, d.Column)}): warning {d.Code}: {d.Message}");
        var totals = ChunkTotals.Of(chunks, content.Length);

        if (json)
        {
            var model = new
            {
                file = path,
                chunker = chunker.Name,
                members,
                length = content.Length,
                sha256 = ContentHash.Of(content).ToString(),
                totals.ChunkCount,
                totals.DistinctChunks,
                totals.DistinctBytes,
                totals.NamedChunks,
                totals.MinLength,
                totals.AverageLength,
                totals.MaxLength,
                chunks = chunks.Select(c => new { name = c.Name, kind = c.Kind.ToString(), offset = c.Offset, length = c.Length, hash = c.Hash.ToString() }),
                diagnostics = diagnostics.Select(d => new { code = d.Code, message = d.Message, line = d.Line, column = d.Column }),
            };
            output.WriteLine(JsonSerializer.Serialize(model, ReadableJson));
            return 0;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out) console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#", c => c.RightAligned()).AddColumn("Name").AddColumn("Kind")
            .AddColumn("Offset", c => c.RightAligned()).AddColumn("Length", c => c.RightAligned()).AddColumn("SHA-256");
        for (int i = 0; i < chunks.Count; i++)
        {
            var c = chunks[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(c.DisplayName), c.Kind.ToString(),
                c.Offset.ToString(CultureInfo.InvariantCulture), c.Length.ToString(CultureInfo.InvariantCulture), c.Hash.ToShortString());
        }
        console.Write(table);
        output.WriteLine($"{Path.GetFileName(path)}: {content.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes, {totals.ChunkCount} chunks " +
                         $"({chunker.Name}{(members ? ", one per member" : "")}), {totals.DistinctChunks} distinct ({totals.DistinctBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes), " +
                         $"{totals.NamedChunks} named; length min {totals.MinLength} / avg {totals.AverageLength} / max {totals.MaxLength}");
        return 0;
    }

    /// <summary>Totals shown under the table and in the JSON.</summary>
    internal readonly record struct ChunkTotals(int ChunkCount, int DistinctChunks, long DistinctBytes, int NamedChunks, int MinLength, int AverageLength, int MaxLength)
    {
        public static ChunkTotals Of(IReadOnlyList<Chunk> chunks, int length)
        {
            var distinct = new Dictionary<ContentHash, int>();
            foreach (var c in chunks) distinct.TryAdd(c.Hash, c.Length);
            return new ChunkTotals(chunks.Count, distinct.Count, distinct.Values.Sum(v => (long)v), chunks.Count(c => c.Name is not null),
                chunks.Count == 0 ? 0 : chunks.Min(c => c.Length), chunks.Count == 0 ? 0 : length / chunks.Count, chunks.Count == 0 ? 0 : chunks.Max(c => c.Length));
        }
    }
}
