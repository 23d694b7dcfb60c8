namespace FlowForge.Core.Fingerprints;

/// <summary>
/// How the compile gate treats a compile with <c>Deterministic=false</c>. Such a compiler writes a fresh MVID, PDB id and
/// timestamp on every run, so two compiles of equal inputs give different bytes. Skipping a compile whose fingerprint is
/// unchanged still keeps outputs of exactly those inputs, which is what MSBuild's own incremental build does for every
/// non-deterministic project; so the gate skips such compiles and recompiles on any fingerprint change, like any other.
/// What it does not do by default is share their outputs through the remote cache: no other machine can check an
/// entry against its own compile (its bytes never match), so a wrong or tampered entry could not be told from a right
/// one, and each machine that compiles the same inputs would upload different bytes under one key. Those outputs stay
/// in the local cache (restoring them is the same as keeping them in obj/) unless FlowForgeShareNonDeterministic=true.
/// </summary>
public readonly record struct NonDeterministicCompile(bool IsNonDeterministic, bool LocalOnly)
{
    /// <summary>What the record adds to a non-deterministic compile's reasons; null for a deterministic one.</summary>
    public string? Reason => !IsNonDeterministic ? null
        : LocalOnly ? "non-deterministic (Deterministic=false): gated like MSBuild's no-op, outputs kept in the local cache only"
        : "non-deterministic (Deterministic=false): gated like MSBuild's no-op, outputs shared (FlowForgeShareNonDeterministic=true)";

    /// <param name="deterministic">$(Deterministic): anything but "true" (case-insensitive) is non-deterministic, as
    /// for Csc, which is deterministic only when told so.</param>
    /// <param name="shareNonDeterministic">$(FlowForgeShareNonDeterministic): "true" allows uploading such outputs.</param>
    public static NonDeterministicCompile From(string? deterministic, string? shareNonDeterministic)
    {
        bool nonDeterministic = !string.Equals(deterministic?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        bool share = string.Equals(shareNonDeterministic?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        return new NonDeterministicCompile(nonDeterministic, nonDeterministic && !share);
    }
}
