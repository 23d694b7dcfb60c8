using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>A problem a background store met (disk full, remote down, an output rewritten after the compile), with the
/// project it was storing: the next FlowForge task in the node logs it, as it cannot be logged from the writer's thread.</summary>
public sealed record BackgroundProblem(string Project, Diagnostic Diagnostic);
