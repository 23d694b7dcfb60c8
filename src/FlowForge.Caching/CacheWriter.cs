using System.Diagnostics;

namespace FlowForge.Caching;

/// <summary>
/// Runs cache stores (hash, copy into the store, upload) off the compile's critical path: a compile hands its outputs
/// over with <see cref="TryEnqueue"/> and MSBuild goes on; jobs start in the order they were queued, at most
/// <c>maxConcurrentJobs</c> at a time (the machine is also compiling). <see cref="Drain"/> is the end of the build: it
/// stops taking jobs and waits for the queued ones within a bound; when the bound expires, jobs not yet started are
/// dropped and running ones are cancelled. A dropped or cancelled store leaves nothing behind that a reader could see:
/// the store publishes blobs before the entry, each by atomic rename, so an entry appears whole or not at all.
/// Thread-safe. Never throws from a job: a job that throws counts as failed.
/// </summary>
public sealed class CacheWriter : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<Job> _queue = new();
    private readonly int _maxConcurrent;
    private readonly CancellationTokenSource _abandon = new();
    private int _running;
    private long _pendingBytes;
    private int _completed, _failed, _cancelled;
    private long _cancelledBytes;
    private bool _closed;

    /// <param name="maxConcurrentJobs">Jobs run at once (at least 1). Each job's uploads are parallel on their own, bounded
    /// by the remote's transfer slots, so a small number keeps the compile's cores free.</param>
    public CacheWriter(int maxConcurrentJobs = 2) => _maxConcurrent = Math.Max(1, maxConcurrentJobs);

    /// <summary>Jobs queued or running.</summary>
    public int Pending
    {
        get { lock (_gate) return _queue.Count + _running; }
    }

    /// <summary>Bytes of the jobs queued or running (as the callers estimated them).</summary>
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>Jobs that ran to the end (successfully or not) since the writer was made.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Jobs that threw (a bug, not a cache problem: those are results of the job itself).</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>
    /// Queues <paramref name="work"/>. False once <see cref="Drain"/> has begun (the build is ending): the caller then
    /// does the work itself or not at all. <paramref name="bytes"/> is the job's size for the drain's report. A job
    /// stopped by the drain's cancellation should throw <see cref="OperationCanceledException"/>: it then counts as dropped.
    /// </summary>
    public bool TryEnqueue(string name, long bytes, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_closed) return false;
            _queue.Enqueue(new Job(name, Math.Max(0, bytes), work, Stopwatch.GetTimestamp()));
            Interlocked.Add(ref _pendingBytes, Math.Max(0, bytes));
            StartWorkersLocked();
        }
        return true;
    }

    /// <summary>
    /// Stops taking jobs and waits until every queued job has finished, or <paramref name="bound"/> has passed. Then
    /// drops what has not started, cancels what is running and gives it <paramref name="grace"/> (default: a tenth of
    /// the bound, at most 5 s) to clean up its temp files. Calling it again returns at once with what is left.
    /// </summary>
    public CacheWriterDrain Drain(TimeSpan bound, TimeSpan? grace = null)
    {
        long started = Stopwatch.GetTimestamp();
        int jobsAtStart, notStarted, cancelledBefore;
        long bytesAtStart;
        int completedAtStart = Completed;
        // After a drain that timed out, what is still running was cancelled already: waiting again would double the bound.
        if (_abandon.IsCancellationRequested) return new CacheWriterDrain(TimeSpan.Zero, Pending, PendingBytes, 0, Pending, PendingBytes, true);
        lock (_gate)
        {
            _closed = true;
            jobsAtStart = _queue.Count + _running;
            bytesAtStart = PendingBytes;
            if (jobsAtStart == 0) return new CacheWriterDrain(TimeSpan.Zero, 0, 0, 0, 0, 0, false);
            var deadline = started + (long)(Math.Max(0, bound.TotalSeconds) * Stopwatch.Frequency);
            while (_queue.Count + _running > 0)
            {
                var left = TimeSpan.FromSeconds((deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                if (left <= TimeSpan.Zero) break;
                Monitor.Wait(_gate, left);
            }
            if (_queue.Count + _running == 0)
                return new CacheWriterDrain(Stopwatch.GetElapsedTime(started), jobsAtStart, bytesAtStart, Completed - completedAtStart, 0, 0, false);
            // The bound expired: nothing queued may start (cleared under the same lock, so no worker takes one now);
            // their bytes stay in PendingBytes: never written.
            notStarted = _queue.Count;
            cancelledBefore = Volatile.Read(ref _cancelled);
            _queue.Clear();
        }

        // Running jobs stop at their next cancellation check (cancelled outside the lock: continuations may run inline).
        try { _abandon.Cancel(); } catch (AggregateException) { }
        var graceTime = grace ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, Math.Max(0, bound.Ticks / 10)));
        lock (_gate)
        {
            var graceEnd = Stopwatch.GetTimestamp() + (long)(graceTime.TotalSeconds * Stopwatch.Frequency);
            while (_running > 0)
            {
                var left = TimeSpan.FromSeconds((graceEnd - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                if (left <= TimeSpan.Zero) break;
                Monitor.Wait(_gate, left);
            }
        }
        int stillRunning, cancelled;
        lock (_gate)
        {
            stillRunning = _running;
            cancelled = Volatile.Read(ref _cancelled) - cancelledBefore;
        }
        // Bytes not written: what was never started or is still running (PendingBytes), and what the cancelled jobs had.
        long droppedBytes = PendingBytes + Interlocked.Read(ref _cancelledBytes);
        int dropped = notStarted + cancelled + stillRunning;
        return new CacheWriterDrain(Stopwatch.GetElapsedTime(started), jobsAtStart, bytesAtStart, Math.Max(0, jobsAtStart - dropped), dropped,
            Math.Min(droppedBytes, bytesAtStart), true);
    }

    private void StartWorkersLocked()
    {
        while (_running < _maxConcurrent && _queue.Count > 0)
        {
            var job = _queue.Dequeue();
            _running++;
            // The thread pool, not a dedicated thread: a job spends most of its time in file and network I/O.
            _ = Task.Run(() => RunAsync(job));
        }
    }

    private async Task RunAsync(Job job)
    {
        var next = job;
        while (next is not null)
        {
            try
            {
                if (!_abandon.IsCancellationRequested) await next.Work(_abandon.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                // Cancelled by the drain bound: the job's own cleanup has run (finally blocks); it counts as dropped.
                Interlocked.Increment(ref _cancelled);
                Interlocked.Add(ref _cancelledBytes, next.Bytes);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failed);
            }
            Interlocked.Add(ref _pendingBytes, -next.Bytes);
            Interlocked.Increment(ref _completed);
            lock (_gate)
            {
                // Keep this worker for the next job in the queue (order kept: the queue is FIFO).
                next = _queue.Count > 0 ? _queue.Dequeue() : null;
                if (next is null) _running--;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Drains with a 60 s bound; owners that have a configured bound call <see cref="Drain"/> first.</summary>
    public void Dispose()
    {
        Drain(TimeSpan.FromSeconds(60));
        _abandon.Dispose();
    }

    private sealed record Job(string Name, long Bytes, Func<CancellationToken, Task> Work, long EnqueuedTimestamp);
}

/// <summary>What <see cref="CacheWriter.Drain"/> did: how long the build waited, for how many jobs and bytes, and what
/// it dropped when the bound expired (<see cref="TimedOut"/>).</summary>
public sealed record CacheWriterDrain(TimeSpan Waited, int Jobs, long Bytes, int Finished, int Dropped, long DroppedBytes, bool TimedOut);
