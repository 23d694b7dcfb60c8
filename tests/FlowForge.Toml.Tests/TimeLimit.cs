namespace FlowForge.Toml.Tests;

/// <summary>Runs parser work on the thread pool with a time limit, so a hang fails one test instead of the run.</summary>
internal static class TimeLimit
{
    /// <summary>True when <paramref name="work"/> finished within <paramref name="limit"/>; its exceptions propagate.</summary>
    public static async Task<bool> RunAsync(Action work, TimeSpan limit)
    {
        var task = Task.Run(work);
        var finished = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
        if (finished != task)
        {
            return false;
        }

        await task.ConfigureAwait(false);
        return true;
    }
}
