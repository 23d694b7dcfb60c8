using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Core.Fingerprints;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Before the compile gate, in every project build: writes compile-settings.txt (<see cref="CompileSettingsFile"/>) when
/// a setting the fingerprint covers changed, so that MSBuild's quick check of the gate target sees it as a newer input.
/// </summary>
public sealed class WriteCompileSettings : FlowForgeTask
{
    [Required] public string File { get; set; } = "";

    /// <summary>"Name=Value" settings: the Csc options, output paths, version properties, versions and FlowForge settings.</summary>
    public string[] Settings { get; set; } = [];

    /// <summary>Every input list entry (paths, and metadata values the compile reads); only their hash is written.</summary>
    public string[] InputLists { get; set; } = [];

    /// <summary>False when the file could not be written: then it cannot vouch for the settings, and the gate must check.</summary>
    [Output] public bool Current { get; private set; }

    protected override void ExecuteCore()
    {
        var path = Path.GetFullPath(File);
        Current = CompileSettingsFile.WriteIfChanged(path, CompileSettingsFile.Compose(Settings, InputLists), out var problem);
        // The gate task reports an unwritable state folder (FF1008); here it only means checking by content every build.
        if (problem is not null) Log.LogMessage(MessageImportance.Low, "FlowForge: {0} not written ({1}); the compile gate checks this project in every build.", path, problem);
    }
}
