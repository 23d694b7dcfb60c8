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
    /// <summary>The cache settings from the MSBuild property values (FlowForgeCache, FlowForgeCacheRoot, …) by name.
    /// Cheap: nothing is opened, so a build that needs no cache (every compile skipped) never touches it.</summary>
    public static CompileCacheSettings Settings(Func<string, string?> propertyValue) =>
        CompileCacheSettings.From(FlowForgeSettings.FromValues(propertyValue));

    /// <param name="settings">Enabled settings (see <see cref="Settings"/>).</param>
    /// <param name="openProblems">What opening found (an unwritable folder, a bad URL), for the first caller only.</param>
    /// <returns>The cache shared by every project this node builds with the same settings.</returns>
    public static CompileCache Open(IBuildEngine engine, CompileCacheSettings settings, out IReadOnlyList<Diagnostic> openProblems)
    {
        var cache = BuildScoped.GetOrCreate(engine, settings.SharingKey, () => CompileCache.Open(settings), out var created);
        openProblems = created ? cache.OpenDiagnostics : [];
        return cache;
    }
}
