using System.Text.Json;
using System.Text.Json.Serialization;
using FlowForge.Core.Fingerprints;

namespace FlowForge.Core.Records;

/// <summary>
/// Source-generated JSON for the files every project build reads or writes (record.json, compile.json). The
/// reflection-based serializer spends 20–30 ms building its metadata in each fresh MSBuild node, on the first
/// project's critical path; generated metadata costs a fraction of that. Web defaults: camelCase names,
/// case-insensitive reading.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProjectRecord))]
[JsonSerializable(typeof(CompileState))]
[JsonSerializable(typeof(FlowForge.Core.ProjectSkip.ProjectSkipState))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
