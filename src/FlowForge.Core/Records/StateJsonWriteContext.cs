using System.Text.Json;
using System.Text.Json.Serialization;
using FlowForge.Core.Fingerprints;

namespace FlowForge.Core.Records;

/// <summary>
/// The same JSON as <see cref="StateJsonContext"/>, for writing only: serialization code generated without the
/// metadata for reading. A build writes a record and state files for every project but, in a fresh MSBuild node,
/// may read none; building the read metadata of these types cost about 45 ms of CPU per node in a cold build's profile
/// (build/profile-cold-build.sh). Files are read back with <see cref="StateJsonContext"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ProjectRecord))]
[JsonSerializable(typeof(CompileState))]
[JsonSerializable(typeof(FlowForge.Core.ProjectSkip.ProjectSkipState))]
internal sealed partial class StateJsonWriteContext : JsonSerializerContext;
