using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FlowForge.Toml;

/// <summary>
/// A TOML table: an ordered dictionary from key to value (string, long, double, bool, the four date/time types,
/// <see cref="TomlArray"/>, <see cref="TomlTableArray"/> or a nested <see cref="TomlTable"/>).
/// Enumeration follows source order. Every entry remembers where its key and value were written, so callers
/// can report "wrong type" problems at the exact line and column (<see cref="TryGetKeyPosition(string, out TomlPosition)"/>,
/// <see cref="TryFindKeyPosition(string, out TomlPosition)"/>).
/// </summary>
public sealed class TomlTable : IDictionary<string, object>
{
    // Small tables are searched linearly; the hash index is only built once a table grows, because most TOML
    // tables have a handful of keys and a Dictionary per table would dominate parse time and memory.
    private const int IndexThreshold = 8;

    private Entry[] _entries;
    private int _count;
    private Dictionary<string, int>? _index;

    /// <summary>Creates an empty table (for building documents in code).</summary>
    public TomlTable()
        : this(TomlTableKind.Defined, TomlPosition.None)
    {
    }

    internal TomlTable(TomlTableKind kind, TomlPosition position)
    {
        _entries = Array.Empty<Entry>();
        Kind = kind;
        Position = position;
    }

    /// <summary>Where the table was defined: its <c>[header]</c>, its <c>{</c>, or the first key that created it.</summary>
    public TomlPosition Position { get; internal set; }

    /// <summary>True when the table was written inline (<c>{ a = 1 }</c>).</summary>
    public bool IsInline => Kind == TomlTableKind.Inline;

    internal TomlTableKind Kind { get; set; }

    /// <inheritdoc/>
    public int Count => _count;

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <inheritdoc/>
    public ICollection<string> Keys
    {
        get
        {
            var keys = new List<string>(_count);
            for (int i = 0; i < _count; i++)
            {
                keys.Add(_entries[i].Key);
            }

            return keys;
        }
    }

    /// <inheritdoc/>
    public ICollection<object> Values
    {
        get
        {
            var values = new List<object>(_count);
            for (int i = 0; i < _count; i++)
            {
                values.Add(_entries[i].Value);
            }

            return values;
        }
    }

    /// <summary>Gets or sets the value of <paramref name="key"/>; setting a new key appends it.</summary>
    public object this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The TOML table has no key '{key}'.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            int i = IndexOf(key);
            if (i >= 0)
            {
                _entries[i].Value = value;
                _entries[i].ValuePosition = TomlPosition.None;
            }
            else
            {
                AddEntry(key, value, TomlPosition.None, TomlPosition.None);
            }
        }
    }

    /// <inheritdoc/>
    public void Add(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"The TOML table already has a key '{key}'.", nameof(key));
        }

        AddEntry(key, value, TomlPosition.None, TomlPosition.None);
    }

    /// <inheritdoc/>
    public void Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    /// <inheritdoc/>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc/>
    public bool Contains(KeyValuePair<string, object> item)
    {
        int i = IndexOf(item.Key);
        return i >= 0 && Equals(_entries[i].Value, item.Value);
    }

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        int i = IndexOf(key);
        if (i < 0)
        {
            value = null;
            return false;
        }

        value = _entries[i].Value;
        return true;
    }

    /// <summary>Gets the value of <paramref name="key"/> when it exists and has type <typeparamref name="T"/>.</summary>
    public bool TryGetValue<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (TryGetValue(key, out var raw) && raw is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Where the key was written (for a table defined by a header, the header's last key).</summary>
    public bool TryGetKeyPosition(string key, out TomlPosition position)
    {
        int i = IndexOf(key);
        position = i >= 0 ? _entries[i].KeyPosition : TomlPosition.None;
        return i >= 0;
    }

    /// <summary>Where the key was written; throws <see cref="KeyNotFoundException"/> when it is missing.</summary>
    public TomlPosition GetKeyPosition(string key)
        => TryGetKeyPosition(key, out var position) ? position : throw new KeyNotFoundException($"The TOML table has no key '{key}'.");

    /// <summary>Where the value of the key starts (for a table defined by a header, the header's <c>[</c>).</summary>
    public bool TryGetValuePosition(string key, out TomlPosition position)
    {
        int i = IndexOf(key);
        position = i >= 0 ? _entries[i].ValuePosition : TomlPosition.None;
        return i >= 0;
    }

    /// <summary>Where the value of the key starts; throws <see cref="KeyNotFoundException"/> when it is missing.</summary>
    public TomlPosition GetValuePosition(string key)
        => TryGetValuePosition(key, out var position) ? position : throw new KeyNotFoundException($"The TOML table has no key '{key}'.");

    /// <summary>
    /// Finds where a nested key such as <c>cache.sizeLimit</c> was defined. The path is split at every <c>.</c>,
    /// so it suits bare keys; use <see cref="TryFindKeyPosition(IReadOnlyList{string}, out TomlPosition)"/> for
    /// keys that contain dots. Through an array of tables the last table is searched, as TOML headers do.
    /// </summary>
    public bool TryFindKeyPosition(string dottedPath, out TomlPosition position)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        return TryFindKeyPosition(dottedPath.Split('.'), out position);
    }

    /// <summary>Finds where the key at the end of <paramref name="keys"/> was defined, walking nested tables.</summary>
    public bool TryFindKeyPosition(IReadOnlyList<string> keys, out TomlPosition position)
    {
        ArgumentNullException.ThrowIfNull(keys);
        position = TomlPosition.None;
        TomlTable table = this;
        for (int k = 0; k < keys.Count; k++)
        {
            int i = table.IndexOf(keys[k]);
            if (i < 0)
            {
                return false;
            }

            if (k == keys.Count - 1)
            {
                position = table._entries[i].KeyPosition;
                return true;
            }

            switch (table._entries[i].Value)
            {
                case TomlTable next:
                    table = next;
                    break;
                case TomlTableArray { Count: > 0 } array:
                    table = array[array.Count - 1];
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public bool Remove(string key)
    {
        int i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _count--;
        Array.Copy(_entries, i + 1, _entries, i, _count - i);
        _entries[_count] = default;
        RebuildIndex();
        return true;
    }

    /// <inheritdoc/>
    public bool Remove(KeyValuePair<string, object> item) => Contains(item) && Remove(item.Key);

    /// <inheritdoc/>
    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
        _index = null;
    }

    /// <inheritdoc/>
    public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (int i = 0; i < _count; i++)
        {
            array[arrayIndex + i] = new KeyValuePair<string, object>(_entries[i].Key, _entries[i].Value);
        }
    }

    /// <summary>Enumerates the entries in source order.</summary>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, object>(_entries[i].Key, _entries[i].Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal int IndexOf(string key)
    {
        if (_index != null)
        {
            return _index.TryGetValue(key, out int found) ? found : -1;
        }

        for (int i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal object ValueAt(int index) => _entries[index].Value;

    internal TomlPosition KeyPositionAt(int index) => _entries[index].KeyPosition;

    internal void SetKeyPosition(int index, TomlPosition keyPosition, TomlPosition valuePosition)
    {
        _entries[index].KeyPosition = keyPosition;
        _entries[index].ValuePosition = valuePosition;
    }

    /// <summary>Appends an entry the caller knows to be new (the parser checks duplicates itself).</summary>
    internal void AddEntry(string key, object value, TomlPosition keyPosition, TomlPosition valuePosition)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count == 0 ? 4 : _count * 2);
        }

        _entries[_count] = new Entry { Key = key, Value = value, KeyPosition = keyPosition, ValuePosition = valuePosition };
        if (_index != null)
        {
            _index[key] = _count;
        }

        _count++;
        if (_index == null && _count > IndexThreshold)
        {
            RebuildIndex();
        }
    }

    private void RebuildIndex()
    {
        if (_count <= IndexThreshold)
        {
            _index = null;
            return;
        }

        _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
        for (int i = 0; i < _count; i++)
        {
            _index[_entries[i].Key] = i;
        }
    }

    private struct Entry
    {
        public string Key;
        public object Value;
        public TomlPosition KeyPosition;
        public TomlPosition ValuePosition;
    }
}
