namespace FlowForge.Toml.Parsing;

/// <summary>One part of a (dotted) key as written: the decoded name, where it starts and its length in bytes.</summary>
internal readonly record struct KeyPart(string Name, TomlPosition Position, int Length);
