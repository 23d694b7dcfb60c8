namespace FlowForge.Core.Diagnostics;

/// <summary>
/// Every code FlowForge reports. Ranges: FF1xxx change detection and fingerprints, FF2xxx cache,
/// FF3xxx git, FF4xxx templates, FF5xxx TOML/config, FF6xxx chunking, FF9xxx internal.
/// The README's diagnostics table lists the same codes; a test keeps the two in step.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>An input file exists but could not be read; it is treated as changed.</summary>
    public const string InputUnreadable = "FF1001";
    /// <summary>The shared stat cache file is corrupt; it is discarded and rebuilt.</summary>
    public const string StatCacheCorrupt = "FF1002";
    /// <summary>The previous build's input manifest in obj/ is corrupt; treated as no previous build.</summary>
    public const string ManifestCorrupt = "FF1003";
    /// <summary>FlowForge could not write its manifest or record under obj/; the build goes on.</summary>
    public const string StateNotWritten = "FF1004";
    /// <summary>The shared stat cache could not be saved; the next build hashes more.</summary>
    public const string StatCacheNotSaved = "FF1005";
    /// <summary>
    /// A property took a value never seen before in this build and in the previous one while no source changed, so the
    /// project recompiles on every build (typically a timestamp or build number in Version; switching back to a value
    /// seen before, such as -p:Optimize=true and then without it, is not reported, nor is a compile restored from the
    /// build cache). Fix: compute such values only in CI builds
    /// (e.g. <c>Condition="'$(CI)' == 'true'"</c>), or keep them constant for local builds; the warning names the
    /// property and both values.
    /// </summary>
    public const string VolatileProperty = "FF1006";
    /// <summary>
    /// The compile gate's state in obj/ (compile.json or fingerprint.txt) is corrupt; the project compiles once and
    /// the state is rewritten. Nothing else is needed; a clean build also removes it.
    /// </summary>
    public const string CompileStateCorrupt = "FF1007";
    /// <summary>
    /// The compile gate could not set the timestamps of the outputs in obj/ or write its state; MSBuild decides alone
    /// for this project. Check that obj/ is writable and not locked by another process (an antivirus, an IDE).
    /// </summary>
    public const string GateFilesNotWritten = "FF1008";
    /// <summary>
    /// An input of a compile changed while the project built: hashed again by content before its outputs were stored,
    /// it no longer matches the fingerprint the compile ran under. Nothing is stored in the build cache and the outputs
    /// are not recorded as current, so the next build compiles the project again. Fix: nothing; if a tool rewrites
    /// sources during the build, run it before the build (or declare it as a target that runs before CoreCompile).
    /// </summary>
    public const string InputChangedDuringBuild = "FF1009";
    /// <summary>
    /// Project skip's state in obj/ (project-skip.json) is unreadable; the project builds once and the state is rewritten.
    /// Nothing else is needed; a clean build also removes it.
    /// </summary>
    public const string ProjectSkipStateCorrupt = "FF1040";
    /// <summary>FlowForgeProjectSkip (project.skip in flowforge.toml) is neither true nor false. Fix: set it to true or false.</summary>
    public const string ProjectSkipSettingInvalid = "FF1041";
    /// <summary>
    /// FlowForge's Csc (the SDK's compiler task, wrapped to keep the compile's warnings without /errorlog) could not find
    /// or load the SDK's Roslyn task assembly. Fix: set FlowForgeCaptureCompilerWarnings=false to use the SDK's Csc
    /// directly, and report it with the build log.
    /// </summary>
    public const string CompilerWrapperUnavailable = "FF1050";
    /// <summary>An unexpected internal failure; FlowForge steps aside for this project and the build goes on.</summary>
    public const string InternalError = "FF9001";
}
