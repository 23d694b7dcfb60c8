namespace FlowForge.Core.Fingerprints;

/// <summary>
/// The check before a compile's outputs are stored in the build cache under its fingerprint: every input the compiler
/// read is hashed again by content, trusting no stat data, and must still give exactly what went into the fingerprint.
/// A cache entry is a promise to every later build (and, with a remote cache, to the whole team) that these outputs
/// come from those inputs; a stale hash anywhere (a file changed during the build, a stat cache fooled by a file
/// system) must cost a store, never a wrong binary somewhere else.
/// </summary>
public static class InputRecheck
{
    /// <summary>Below this many files a parallel loop costs more than it saves.</summary>
    private const int ParallelThreshold = 16;

    /// <param name="fingerprintHashes">Each input with what it contributed to the fingerprint.</param>
    /// <param name="hashByContent">Reads the input now and returns its hash the way the fingerprint took it (a marker for
    /// a missing or unreadable file).</param>
    /// <returns>The inputs whose content no longer gives their fingerprint hash, in the order given.</returns>
    public static IReadOnlyList<string> Changed(IReadOnlyCollection<KeyValuePair<string, string>> fingerprintHashes, Func<string, string> hashByContent)
    {
        var inputs = fingerprintHashes.ToArray();
        var changed = new bool[inputs.Length];
        void CheckOne(int i) => changed[i] = !string.Equals(hashByContent(inputs[i].Key), inputs[i].Value, StringComparison.Ordinal);
        if (inputs.Length >= ParallelThreshold)
            Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, CheckOne);
        else
            for (int i = 0; i < inputs.Length; i++) CheckOne(i);
        var result = new List<string>();
        for (int i = 0; i < inputs.Length; i++)
            if (changed[i]) result.Add(inputs[i].Key);
        return result;
    }
}
