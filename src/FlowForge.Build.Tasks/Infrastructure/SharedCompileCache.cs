using FlowForge.Caching;
using FlowForge.Config;
using FlowForge.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// The build output cache of one build and MSBuild node: opened once per distinct setting (the key is
/// <see cref="CompileCacheSettings.SharingKey"/>, which holds no credential), disposed by MSBuild at the end of the
/// build (closing the remote's connections). Problems found while opening it are returned only to the first caller,
/// so each is logged once per node.
/// </summary>
internal static class SharedCompileCache
{
    /// <param name="propertyValue">The MSBuild property values (FlowForgeCache, FlowForgeCacheRoot, …) by name.</param>
    /// <param name="openProblems">What opening found (an unwritable folder, a bad URL), for the first caller only.</param>
    /// <returns>The shared cache, or null when FlowForgeCache=false.</returns>
    public static CompileCache? For(IBuildEngine engine, Func<string, string?> propertyValue, out IReadOnlyList<Diagnostic> openProblems)
    {
        var settings = CompileCacheSettings.From(FlowForgeSettings.FromValues(propertyValue));
        openProblems = [];
        if (!settings.Enabled) return null;
        var cache = BuildScoped.GetOrCreate(engine, settings.SharingKey, () => CompileCache.Open(settings), out var created);
        if (created) openProblems = cache.OpenDiagnostics;
        return cache;
    }
}
