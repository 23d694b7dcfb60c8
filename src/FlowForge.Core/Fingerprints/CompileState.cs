using System.Text.Json;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Fingerprints;

/// <summary>One output of the last successful compile, as it was left in obj/.</summary>
public sealed class OutputFileState
{
    /// <summary>Relative to the project folder.</summary>
    public string Path { get; set; } = "";
    public long Length { get; set; }
    public long LastWriteTicksUtc { get; set; }
    /// <summary>SHA-256 (hex) of the content.</summary>
    public string Hash { get; set; } = "";
}

/// <summary>
/// What the compile gate keeps about the outputs in obj/ (<c>obj/…/flowforge/compile.json</c>): the fingerprint they
/// were compiled from, each output's stat data and hash, and which properties alone changed that compile (to spot a
/// property that changes on every build). The components of the fingerprint are in <c>fingerprint.txt</c> next to it,
/// read only when a mismatch must be explained.
/// </summary>
public sealed class CompileState
{
    public const string FileName = "compile.json";
    public const string FingerprintFileName = "fingerprint.txt";
    public const int CurrentSchema = 1;

    public int Schema { get; set; } = CurrentSchema;
    public string Fingerprint { get; set; } = "";
    public List<OutputFileState> Outputs { get; set; } = new();
    /// <summary>Properties that changed in that compile while no source content did (empty when sources changed).</summary>
    public List<string> PropertyOnlyChanges { get; set; } = new();
    /// <summary>For each property in <see cref="PropertyOnlyChanges"/>, the values it has been seen with (most recent
    /// last, see <see cref="PropertyMemory"/>): a value seen before is a user switching back, not a volatile property.</summary>
    public Dictionary<string, List<string>> PropertyValuesSeen { get; set; } = new();
    /// <summary>Wall time from the gate to the end of the compile, in milliseconds (what a later skip saves).</summary>
    public double CompileMs { get; set; }
    public DateTimeOffset CompiledAtUtc { get; set; }

    public void Save(string file) => AtomicFile.WriteAllText(file, JsonSerializer.Serialize(this, Records.StateJsonWriteContext.Default.CompileState));

    /// <returns>The state; null when there is none; null with a reason when it is unreadable or not a valid state.</returns>
    public static CompileState? TryLoad(string file, out string? problem)
    {
        problem = null;
        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllText(file), Records.StateJsonContext.Default.CompileState);
            if (state is null || state.Schema != CurrentSchema || !ContentHash.TryParse(state.Fingerprint, out _) ||
                state.Outputs.Any(o => string.IsNullOrEmpty(o.Path) || !ContentHash.TryParse(o.Hash, out _)))
            {
                problem = "not a valid compile state";
                return null;
            }
            return state;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            problem = e.Message;
            return null;
        }
    }
}
