using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// One output of a cached compile: its path relative to the project's obj/ folder (always with '/'),
/// the blob holding its bytes, its size, and whether it carries the execute bit (Unix).
/// </summary>
public sealed record OutputFile(string RelativePath, ContentHash Hash, long Size, bool Executable = false);
