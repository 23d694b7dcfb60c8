using System.Collections.Concurrent;
using System.Diagnostics;

namespace FlowForge.Caching.Tests;

/// <summary>The background writer on its own: order, the concurrency bound, the drain's time bound and what it drops.</summary>
public class CacheWriterTests
{
    [Fact]
    public void Jobs_start_in_the_order_they_were_queued()
    {
        using var writer = new CacheWriter(maxConcurrentJobs: 1);
        var started = new ConcurrentQueue<int>();
        using var gate = new ManualResetEventSlim();
        // The first job holds the only worker until every other job is queued, so the queue decides the order.
        Assert.True(writer.TryEnqueue("0", 1, _ => { gate.Wait(TimeSpan.FromSeconds(10)); started.Enqueue(0); return Task.CompletedTask; }));
        for (int i = 1; i < 50; i++)
        {
            int n = i;
            Assert.True(writer.TryEnqueue(n.ToString(), 1, _ => { started.Enqueue(n); return Task.CompletedTask; }));
        }
        gate.Set();
        var drain = writer.Drain(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 50), started);
        Assert.False(drain.TimedOut);
        // Once the gate opens the jobs may all finish before Drain begins (then it saw none): the counts are the
        // drain's view, and nothing may have been dropped either way.
        Assert.Equal(50, writer.Completed);
        Assert.Equal((drain.Jobs, 0), (drain.Finished, drain.Dropped));
        Assert.Equal(drain.Jobs, drain.Bytes);
    }

    [Fact]
    public void No_more_jobs_run_at_once_than_the_bound_even_when_many_threads_queue()
    {
        using var writer = new CacheWriter(maxConcurrentJobs: 3);
        int running = 0, most = 0, done = 0;
        Parallel.For(0, 60, i =>
        {
            Assert.True(writer.TryEnqueue("job" + i, 10, async _ =>
            {
                int now = Interlocked.Increment(ref running);
                int seen;
                while ((seen = Volatile.Read(ref most)) < now && Interlocked.CompareExchange(ref most, now, seen) != seen) { }
                await Task.Delay(5);
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref done);
            }));
        });
        var drain = writer.Drain(TimeSpan.FromSeconds(30));
        Assert.Equal(60, done);
        Assert.InRange(most, 1, 3);
        Assert.Equal(60, writer.Completed);
        Assert.Equal((drain.Jobs, 0), (drain.Finished, drain.Dropped));
        Assert.Equal(0, writer.Pending);
        Assert.Equal(0, writer.PendingBytes);
    }

    [Fact]
    public void A_drain_with_nothing_queued_returns_at_once_and_later_jobs_are_refused()
    {
        using var writer = new CacheWriter();
        var drain = writer.Drain(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, drain.Waited);
        Assert.Equal(0, drain.Jobs);
        bool ran = false;
        Assert.False(writer.TryEnqueue("late", 1, _ => { ran = true; return Task.CompletedTask; }));
        Assert.False(ran);
    }

    [Fact]
    public void The_drain_waits_for_running_and_queued_jobs_and_says_how_long()
    {
        using var writer = new CacheWriter(maxConcurrentJobs: 1);
        int done = 0;
        for (int i = 0; i < 3; i++)
            writer.TryEnqueue("slow" + i, 100, async token => { await Task.Delay(150, token); Interlocked.Increment(ref done); });
        var drain = writer.Drain(TimeSpan.FromSeconds(20));
        Assert.Equal(3, done);
        Assert.False(drain.TimedOut);
        Assert.Equal((3, 300L, 3), (drain.Jobs, drain.Bytes, drain.Finished));
        // Three sequential jobs of 150 ms: the drain waited for most of them (the first had started before it).
        Assert.InRange(drain.Waited, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void When_the_bound_expires_queued_jobs_never_run_and_running_ones_are_cancelled()
    {
        using var writer = new CacheWriter(maxConcurrentJobs: 1);
        bool cancelledSeen = false, laterRan = false;
        using var started = new ManualResetEventSlim();
        writer.TryEnqueue("stuck", 1000, async token =>
        {
            started.Set();
            try { await Task.Delay(TimeSpan.FromMinutes(5), token); }
            catch (OperationCanceledException) { cancelledSeen = true; throw; }
        });
        for (int i = 0; i < 4; i++) writer.TryEnqueue("later" + i, 10, _ => { laterRan = true; return Task.CompletedTask; });
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        var watch = Stopwatch.StartNew();
        var drain = writer.Drain(TimeSpan.FromMilliseconds(300), grace: TimeSpan.FromSeconds(5));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the drain took {watch.Elapsed} with a 300 ms bound");
        Assert.True(drain.TimedOut);
        Assert.True(cancelledSeen);
        Assert.False(laterRan);
        Assert.Equal((5, 1040L, 0, 5, 1040L), (drain.Jobs, drain.Bytes, drain.Finished, drain.Dropped, drain.DroppedBytes));
        Assert.InRange(drain.Waited, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(5));

        // Disposing after a timed-out drain does not wait a second time.
        watch.Restart();
        writer.Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_job_that_ignores_cancellation_is_left_after_the_grace_time_and_counts_as_dropped()
    {
        var writer = new CacheWriter(maxConcurrentJobs: 1);
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        writer.TryEnqueue("deaf", 7, _ => { started.Set(); release.Wait(TimeSpan.FromSeconds(30)); return Task.CompletedTask; });
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        var watch = Stopwatch.StartNew();
        var drain = writer.Drain(TimeSpan.FromMilliseconds(100), grace: TimeSpan.FromMilliseconds(100));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the drain took {watch.Elapsed}");
        Assert.Equal((1, 0, 1, 7L), (drain.Jobs, drain.Finished, drain.Dropped, drain.DroppedBytes));
        release.Set();
    }

    [Fact]
    public void A_job_that_throws_is_counted_and_does_not_stop_the_writer()
    {
        using var writer = new CacheWriter(maxConcurrentJobs: 1);
        bool after = false;
        writer.TryEnqueue("bad", 1, _ => throw new InvalidOperationException("bug"));
        writer.TryEnqueue("good", 1, _ => { after = true; return Task.CompletedTask; });
        var drain = writer.Drain(TimeSpan.FromSeconds(10));
        Assert.True(after);
        Assert.Equal((1, 2), (writer.Failed, writer.Completed));
        Assert.Equal(0, drain.Dropped);
    }
}
