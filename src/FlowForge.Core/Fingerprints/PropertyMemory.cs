namespace FlowForge.Core.Fingerprints;

/// <summary>
/// What the compile state remembers about properties that changed while no source did: which ones changed alone in
/// that compile, and the values each has been seen with. FF1006 (a property that makes every build recompile) is for
/// a property that takes a new value build after build, a timestamp or build number in a version; a user switching
/// between values seen before (<c>-p:Optimize=true</c>, then without it) is not one.
/// </summary>
public sealed record PropertyMemory(List<string> ChangedAlone, Dictionary<string, List<string>> ValuesSeen)
{
    /// <summary>Enough to cover switching among a handful of configurations; a timestamp is new every time anyway.</summary>
    public const int MaxValuesPerProperty = 16;

    private const string NoValue = "\u0000none";

    public static PropertyMemory None => new([], new(StringComparer.Ordinal));

    /// <summary>The memory to record with this compile's outputs: the properties that changed alone in it, each with the
    /// values it had before (carried from <paramref name="previous"/>), its previous and its current value.</summary>
    public static PropertyMemory After(FingerprintDiff? diff, CompileState? previous, string generatedPrefix)
    {
        var changedAlone = CompileGate.PropertyOnlyChanges(diff, generatedPrefix);
        var seen = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (diff is null || changedAlone.Count == 0) return new(changedAlone, seen);
        foreach (var change in diff.PropertyChanges)
        {
            if (!seen.TryGetValue(change.Key, out var values))
            {
                values = previous is not null && previous.PropertyValuesSeen.TryGetValue(change.Key, out var before) ? [.. before] : [];
                seen[change.Key] = values;
            }
            Remember(values, change.Previous);
            Remember(values, change.Current);
        }
        return new(changedAlone, seen);
    }

    /// <summary>Whether <paramref name="value"/> is one the property had before, according to <paramref name="state"/>.</summary>
    public static bool WasSeen(CompileState state, string property, string? value) =>
        state.PropertyValuesSeen.TryGetValue(property, out var values) && values.Contains(value ?? NoValue, StringComparer.Ordinal);

    private static void Remember(List<string> values, string? value)
    {
        var key = value ?? NoValue;
        values.Remove(key); // most recent last
        values.Add(key);
        if (values.Count > MaxValuesPerProperty) values.RemoveRange(0, values.Count - MaxValuesPerProperty);
    }
}
