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
        var fullKey = FullKey(key);
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

    /// <summary>The object registered under <paramref name="key"/> in this node and build, if any.</summary>
    public static T? TryGet<T>(IBuildEngine engine, string key) where T : class =>
        engine is IBuildEngine4 engine4 ? engine4.GetRegisteredTaskObject(FullKey(key), RegisteredTaskObjectLifetime.Build) as T : null;

    /// <summary>Registers <paramref name="value"/> under <paramref name="key"/> for the rest of this build in this node.</summary>
    public static void Set<T>(IBuildEngine engine, string key, T value) where T : class
    {
        if (engine is IBuildEngine4 engine4)
            engine4.RegisterTaskObject(FullKey(key), value, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
    }

    // The key carries the assembly version: two FlowForge versions in one build must not share objects.
    private static readonly string KeyPrefix = $"FlowForge:{typeof(BuildScoped).Assembly.GetName().Version}:";
    private static string FullKey(string key) => KeyPrefix + key;
}
