namespace FlowForge.Git;

/// <summary>A ref resolved to an object id by <see cref="RefResolver"/>.</summary>
/// <param name="Name">The final (non-symbolic) ref name, e.g. <c>refs/heads/main</c>.</param>
/// <param name="ObjectId">The id the ref stores (for an annotated tag: the tag object).</param>
/// <param name="PeeledObjectId">For annotated tags in packed-refs: the commit the tag points to; else null.</param>
/// <param name="LooseFile">The loose ref file the id came from, or null when it came from packed-refs.</param>
public sealed record ResolvedRef(string Name, string ObjectId, string? PeeledObjectId, string? LooseFile);
