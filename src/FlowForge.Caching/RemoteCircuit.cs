using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>
/// The remote tier's circuit breaker. It never closes again: after the first failure the remote stays off for the
/// life of this object (share one per build — in MSBuild via RegisterTaskObject with Build lifetime), so a dead or slow
/// server costs one timeout, not one per project. Tripping cancels every transfer in flight and yields exactly one
/// warning.
/// </summary>
internal sealed class RemoteCircuit
{
    private readonly CancellationTokenSource _open = new();
    private int _tripped;

    public bool IsOpen => Volatile.Read(ref _tripped) != 0;

    /// <summary>Cancelled when the circuit opens; every request links to it.</summary>
    public CancellationToken Token => _open.Token;

    /// <summary>Opens the circuit. Returns the warning for the first trip only; later trips return null.</summary>
    public Diagnostic? Trip(Diagnostic warning)
    {
        if (Interlocked.Exchange(ref _tripped, 1) != 0) return null;
        try { _open.Cancel(); } catch (AggregateException) { }
        return warning;
    }
}
