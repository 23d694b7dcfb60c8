using System.Text.Json;
using FlowForge.Core.Hashing;
using FlowForge.Core.Records;

namespace FlowForge.Core.ProjectSkip;

/// <summary>
/// What the last successful real build of a project left for project skip (<c>obj/…/flowforge/project-skip.json</c>):
/// its fingerprint with the components, and the identity of every output. Written only after the build's targets all
/// succeeded and the fingerprint was recomputed equal at the end (no input changed during the build); deleted as soon as
/// a build decides to run, so a failed build never leaves a state to skip on.
/// </summary>
public sealed class ProjectSkipState
{
    public const int CurrentSchema = 2; // 2: outputs carry their full stat identity
    public const string FileName = "project-skip.json";

    public int Schema { get; set; } = CurrentSchema;
    public string Fingerprint { get; set; } = "";
    public SortedDictionary<string, string> Components { get; set; } = new(StringComparer.Ordinal);
    public List<OutputFileIdentity> Outputs { get; set; } = new();
    /// <summary>Wall time of the real build's targets (decision to record), ms: the time a skip saves.</summary>
    public double BuildMs { get; set; }

    public void Save(string file) => AtomicFile.WriteAllText(file, JsonSerializer.Serialize(this, StateJsonWriteContext.Default.ProjectSkipState));

    /// <returns>The state; null when there is none (<paramref name="corrupt"/> null) or it is unreadable (reason in it).</returns>
    public static ProjectSkipState? TryLoad(string file, out string? corrupt)
    {
        corrupt = null;
        string text;
        try { text = File.ReadAllText(file); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { corrupt = e.Message; return null; }
        try
        {
            var state = JsonSerializer.Deserialize(text, StateJsonContext.Default.ProjectSkipState);
            if (state is null || state.Schema != CurrentSchema || state.Fingerprint.Length == 0)
            {
                corrupt = state is null ? "empty file" : $"schema {state.Schema} or fingerprint missing";
                return null;
            }
            return state;
        }
        catch (JsonException e)
        {
            corrupt = e.Message;
            return null;
        }
    }

    public static void Delete(string file)
    {
        try { File.Delete(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
