namespace FlowForge.Chunking.Cdc;

/// <summary>
/// The 256 random 64-bit values of the gear rolling hash. Generated from a fixed seed with SplitMix64 so
/// that every machine and every run finds the same boundaries (a table random per run would make chunk
/// hashes, and therefore dedup, useless across builds). Never change the seed: it changes every boundary.
/// </summary>
internal static class GearTable
{
    private const ulong Seed = 0x466C6F77466F7267; // "FlowForg"

    public static readonly ulong[] Values = Create();

    private static ulong[] Create()
    {
        var table = new ulong[256];
        ulong state = Seed;
        for (int i = 0; i < table.Length; i++)
        {
            state += 0x9E3779B97F4A7C15;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            table[i] = z ^ (z >> 31);
        }
        return table;
    }
}
