namespace FlowForge.Caching;

/// <summary>
/// How a store handed to the background writer ended: its result (as a synchronous store's), whether it was dropped or
/// cut short by the end of the build (<see cref="Dropped"/>: no entry was published, or the upload stopped before the
/// remote entry), how long it waited in the queue and how long the writer worked on it.
/// </summary>
public sealed record BackgroundStoreResult(CompileCacheStoreResult Result, bool Dropped, TimeSpan Queued, TimeSpan Writing);
