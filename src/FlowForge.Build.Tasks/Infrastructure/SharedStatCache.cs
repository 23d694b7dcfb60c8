using FlowForge.Core.Hashing;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// The stat cache of one workspace for the duration of a build: loaded once per node, saved
/// once per node when MSBuild disposes it at the end of the build.
/// </summary>
internal sealed class SharedStatCache : IDisposable
{
    public StatCache Cache { get; }
    public string File { get; }
    public string? CorruptReason { get; }

    private SharedStatCache(string file)
    {
        File = file;
        Cache = StatCache.Load(file, out var reason);
        CorruptReason = reason;
    }

    /// <summary>The stat cache file of a project: the explicit one, else the workspace's file under the cache root.</summary>
    public static string ResolveFile(string? statCacheFile, string? cacheRoot, string projectDirectory, string? workspaceDirectory) =>
        string.IsNullOrEmpty(statCacheFile)
            ? Core.Configuration.FlowForgePaths.StatCacheFile(Core.Configuration.FlowForgePaths.ResolveCacheRoot(cacheRoot), projectDirectory, workspaceDirectory)
            : Path.GetFullPath(statCacheFile);

    public static SharedStatCache For(Microsoft.Build.Framework.IBuildEngine engine, string file, out bool created) =>
        BuildScoped.GetOrCreate(engine, Key(file), () => new SharedStatCache(file), out created);

    /// <summary>The workspace's stat cache if a step of this build and node loaded it already; never loads it.</summary>
    public static SharedStatCache? IfLoaded(Microsoft.Build.Framework.IBuildEngine engine, string file) =>
        BuildScoped.TryGet<SharedStatCache>(engine, Key(file));

    private static string Key(string file) => "stat:" + file;

    /// <summary>Saves if anything was learnt. Returns the failure message, if any.</summary>
    public string? TrySave()
    {
        if (!Cache.IsDirty) return null;
        try
        {
            Cache.Save(File);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    // Called by MSBuild at the end of the build; there is no logger left, and a failed save only
    // means the next build hashes a little more.
    public void Dispose() => TrySave();
}
