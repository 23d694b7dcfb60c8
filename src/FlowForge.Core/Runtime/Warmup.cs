using System.Text.Json;
using FlowForge.Core.Changes;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;
using FlowForge.Core.Records;

namespace FlowForge.Core.Runtime;

/// <summary>
/// Runs FlowForge's per-project hot paths once on sample data, on a thread-pool thread, as soon as a build process
/// loads FlowForge. With node reuse off (CI, many machines) every build starts fresh MSBuild nodes, and the first
/// project of each pays for compiling this code and for the framework's one-time setup (JSON metadata, SHA-256,
/// generic collections over FlowForge's structs): 50–100 ms on the build's critical path. Started early (the first
/// FlowForge task of a project reads its configuration long before CoreCompile), that work overlaps with MSBuild's
/// own, for example while a node waits for a project reference. Touches no file and no shared state.
/// </summary>
public static class Warmup
{
    private static int _started;

    /// <summary>Starts the warm-up once per process; returns at once.</summary>
    public static void StartOnce()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(_ => Run(), null);
    }

    internal static void Run()
    {
        try
        {
            var hash = ContentHash.Of("warm-up"u8);
            var identity = new FileIdentity(true, 1, 1, 1, 0, 1);
            var entry = new FileEntry("/warm-up/A.cs", (byte)InputKind.Compile, 1, 1, StatCache.RacyWindow.Ticks * 2, hash, identity);
            var manifest = new InputManifest([entry]);
            var byPath = new Dictionary<string, FileEntry>(StatCache.PathComparer) { [entry.Path] = entry };
            var statuses = new Dictionary<string, FileStatus>(StatCache.PathComparer) { [entry.Path] = new FileStatus(true, 1, 1, identity) };
            _ = FileStatus.Of(Path.GetTempPath());
            _ = entry.IsTrustedFor(statuses[entry.Path]) && manifest.SameAs(new InputManifest(byPath.Values.ToList()));
            _ = FileTable.Deserialize("FFWARM"u8, FileTable.Serialize("FFWARM"u8, [entry]), out _);

            var description = new CompileDescription
            {
                ProjectDirectory = Path.GetTempPath(),
                Options = [("Optimize", "false", OptionKind.Value), ("OutputAssembly", "obj/A.dll", OptionKind.Path)],
                Outputs = [("IntermediateAssembly", "obj/A.dll")],
                Files = [new FingerprintFile(FingerprintSections.Compile, "A.cs"), new FingerprintFile(FingerprintSections.Reference, "B.dll", [new("Aliases", "")])],
                Context = [("Version", "1.0.0")],
            };
            var fingerprint = CompileFingerprintBuilder.Build(description, _ => hash.ToString());
            _ = CompileFingerprint.TryParse(fingerprint.ToText(), out _);

            var record = new ProjectRecord
            {
                Project = "A.csproj",
                Inputs = new() { Changed = [new() { Path = "A.cs", ChangedMembers = ["M"] }] },
                Compile = new() { Reasons = ["content unchanged"], VolatileProperties = [new() { Name = "Version" }] },
                Cache = new() { Result = "hit", CompileMsSaved = 1 },
            };
            // Written in every project; read back only in some builds (so not warmed: its read metadata is the larger part).
            _ = record.ToJson();
            var state = new CompileState { Fingerprint = fingerprint.HashText, Outputs = [new() { Path = "obj/A.dll", Hash = hash.ToString() }] };
            _ = JsonSerializer.Deserialize(JsonSerializer.Serialize(state, StateJsonWriteContext.Default.CompileState), StateJsonContext.Default.CompileState);
        }
        catch (Exception)
        {
            // Warming up is an optimisation only: whatever fails here fails again, and is reported, where it matters.
        }
    }
}
