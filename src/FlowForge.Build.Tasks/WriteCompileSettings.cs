using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Core.Changes;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Before the compile gate, in every project build: writes compile-settings.txt (<see cref="CompileSettingsFile"/>) when
/// a setting the fingerprint covers changed, then runs the quick check (<see cref="QuickCheckRecord"/>): when every file
/// the gate's last check covered, compile-settings.txt included, still has the identity that check recorded, the gate's
/// task need not run. Both in one task call: this runs in every project of every build, no-op builds included.
/// </summary>
public sealed class WriteCompileSettings : FlowForgeTask
{
    [Required] public string File { get; set; } = "";

    /// <summary>"Name=Value" settings: the Csc options, output paths, version properties, versions and FlowForge settings.</summary>
    public string[] Settings { get; set; } = [];

    /// <summary>Every input list entry (paths, and metadata values the compile reads); only their hash is written.</summary>
    public string[] InputLists { get; set; } = [];

    /// <summary>The gate's quick-check record (quick-check.bin); empty when the quick check is off (FlowForgeQuickCheck=false).</summary>
    public string? QuickCheckRecord { get; set; }

    /// <summary>False when the file could not be written: then it cannot vouch for the settings, and the gate must check.</summary>
    [Output] public bool Current { get; private set; }

    /// <summary>True when nothing the gate's last check covered changed: the gate's task is skipped.</summary>
    [Output] public bool QuickCheckPassed { get; private set; }

    protected override void ExecuteCore()
    {
        var path = Path.GetFullPath(File);
        Current = CompileSettingsFile.WriteIfChanged(path, CompileSettingsFile.Compose(Settings, InputLists), out var problem);
        // The gate task reports an unwritable state folder (FF1008); here it only means checking by content every build.
        if (problem is not null) Log.LogMessage(MessageImportance.Low, "FlowForge: {0} not written ({1}); the compile gate checks this project in every build.", path, problem);
        if (!Current || string.IsNullOrWhiteSpace(QuickCheckRecord)) return;

        var record = Core.Changes.QuickCheckRecord.TryLoad(Path.GetFullPath(QuickCheckRecord!));
        if (record is null) return;
        var changed = record.FirstChanged(FileStatus.Of);
        QuickCheckPassed = changed is null;
        if (changed is not null) Log.LogMessage(MessageImportance.Low, "FlowForge: the compile gate checks this project ({0} changed since its last check).", changed);
    }
}
