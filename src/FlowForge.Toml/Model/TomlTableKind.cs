namespace FlowForge.Toml;

/// <summary>
/// How a table came to exist. TOML's redefinition rules depend on it: e.g. a table created by dotted keys
/// can get sub-tables from headers but cannot itself be named by a header, and an inline table is sealed.
/// </summary>
internal enum TomlTableKind : byte
{
    /// <summary>Created by code, or the root table.</summary>
    Defined,

    /// <summary>Created as an intermediate of a header (<c>a</c> in <c>[a.b]</c>); a later <c>[a]</c> may still define it.</summary>
    Implicit,

    /// <summary>Defined by a <c>[header]</c> or <c>[[header]]</c>.</summary>
    Header,

    /// <summary>Created by a dotted key (<c>a</c> in <c>a.b = 1</c>); only further dotted keys in the same block extend it.</summary>
    Dotted,

    /// <summary>An inline table <c>{ }</c>: immutable once closed.</summary>
    Inline,
}
