using System.Collections;

namespace FlowForge.Toml;

/// <summary>
/// A TOML array value (<c>[1, "two", 3.0]</c>). TOML 1.0 allows mixed element types. Each element remembers
/// where it was written (<see cref="GetPosition(int)"/>). Arrays of tables written with <c>[[header]]</c> are
/// <see cref="TomlTableArray"/> instead; an array of inline tables is a <see cref="TomlArray"/> of <see cref="TomlTable"/>.
/// </summary>
public sealed class TomlArray : IList<object>
{
    private readonly List<object> _items = new();
    private readonly List<TomlPosition> _positions = new();

    /// <summary>Creates an empty array (for building documents in code).</summary>
    public TomlArray()
    {
    }

    internal TomlArray(TomlPosition position)
    {
        Position = position;
    }

    /// <summary>Where the array's <c>[</c> was written.</summary>
    public TomlPosition Position { get; }

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <inheritdoc/>
    public object this[int index]
    {
        get => _items[index];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _items[index] = value;
            _positions[index] = TomlPosition.None;
        }
    }

    /// <summary>Where element <paramref name="index"/> starts in the source.</summary>
    public TomlPosition GetPosition(int index) => _positions[index];

    /// <inheritdoc/>
    public void Add(object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
        _positions.Add(TomlPosition.None);
    }

    /// <inheritdoc/>
    public void Insert(int index, object item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Insert(index, item);
        _positions.Insert(index, TomlPosition.None);
    }

    /// <inheritdoc/>
    public void RemoveAt(int index)
    {
        _items.RemoveAt(index);
        _positions.RemoveAt(index);
    }

    /// <inheritdoc/>
    public bool Remove(object item)
    {
        int i = _items.IndexOf(item);
        if (i < 0)
        {
            return false;
        }

        RemoveAt(i);
        return true;
    }

    /// <inheritdoc/>
    public void Clear()
    {
        _items.Clear();
        _positions.Clear();
    }

    /// <inheritdoc/>
    public int IndexOf(object item) => _items.IndexOf(item);

    /// <inheritdoc/>
    public bool Contains(object item) => _items.Contains(item);

    /// <inheritdoc/>
    public void CopyTo(object[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    /// <inheritdoc/>
    public IEnumerator<object> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AddParsed(object item, TomlPosition position)
    {
        _items.Add(item);
        _positions.Add(position);
    }
}
