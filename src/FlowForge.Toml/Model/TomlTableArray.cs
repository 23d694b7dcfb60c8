using System.Collections;

namespace FlowForge.Toml;

/// <summary>
/// An array of tables defined with <c>[[header]]</c> sections. Each <see cref="TomlTable"/> element carries the
/// position of its own header in <see cref="TomlTable.Position"/>.
/// </summary>
public sealed class TomlTableArray : IList<TomlTable>
{
    private readonly List<TomlTable> _tables = new();

    /// <summary>Creates an empty array of tables (for building documents in code).</summary>
    public TomlTableArray()
    {
    }

    internal TomlTableArray(TomlPosition position)
    {
        Position = position;
    }

    /// <summary>Where the first <c>[[header]]</c> of this array was written.</summary>
    public TomlPosition Position { get; }

    /// <inheritdoc/>
    public int Count => _tables.Count;

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <inheritdoc/>
    public TomlTable this[int index]
    {
        get => _tables[index];
        set => _tables[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc/>
    public void Add(TomlTable item) => _tables.Add(item ?? throw new ArgumentNullException(nameof(item)));

    /// <inheritdoc/>
    public void Insert(int index, TomlTable item) => _tables.Insert(index, item ?? throw new ArgumentNullException(nameof(item)));

    /// <inheritdoc/>
    public void RemoveAt(int index) => _tables.RemoveAt(index);

    /// <inheritdoc/>
    public bool Remove(TomlTable item) => _tables.Remove(item);

    /// <inheritdoc/>
    public void Clear() => _tables.Clear();

    /// <inheritdoc/>
    public int IndexOf(TomlTable item) => _tables.IndexOf(item);

    /// <inheritdoc/>
    public bool Contains(TomlTable item) => _tables.Contains(item);

    /// <inheritdoc/>
    public void CopyTo(TomlTable[] array, int arrayIndex) => _tables.CopyTo(array, arrayIndex);

    /// <inheritdoc/>
    public IEnumerator<TomlTable> GetEnumerator() => _tables.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
