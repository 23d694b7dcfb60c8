using Acme.Abstractions;

namespace Acme.Data;

public sealed class InMemoryRepository<T> : IRepository<T> where T : class
{
    private readonly List<T> _items = new();
    private readonly Func<T, int> _idOf;

    public InMemoryRepository(Func<T, int> idOf) => _idOf = idOf;

    public T? Find(int id) => _items.FirstOrDefault(item => _idOf(item) == id);
    public IReadOnlyList<T> All() => _items;
    public void Add(T item) => _items.Add(item);
}
