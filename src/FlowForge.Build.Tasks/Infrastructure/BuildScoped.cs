using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// Objects shared by every project that one MSBuild node builds in one build (the stat cache,
/// git data), through <see cref="IBuildEngine4.RegisterTaskObject"/>. MSBuild disposes them when
/// the build ends, which is where they persist themselves.
/// </summary>
internal static class BuildScoped
{
    private static readonly object Gate = new();

    /// <param name="created">True when this call made the object (so its load problems are reported once).</param>
    public static T GetOrCreate<T>(IBuildEngine engine, string key, Func<T> create, out bool created) where T : class
    {
        // The key carries the assembly version: two FlowForge versions in one build must not share objects.
        var fullKey = $"FlowForge:{typeof(BuildScoped).Assembly.GetName().Version}:{key}";
        if (engine is not IBuildEngine4 engine4)
        {
            created = true;
            return create();
        }
        lock (Gate)
        {
            if (engine4.GetRegisteredTaskObject(fullKey, RegisteredTaskObjectLifetime.Build) is T existing)
            {
                created = false;
                return existing;
            }
            var value = create();
            engine4.RegisterTaskObject(fullKey, value, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            created = true;
            return value;
        }
    }
}
