namespace Acme.Abstractions;

public interface IRepository<T> where T : class
{
    T? Find(int id);
    IReadOnlyList<T> All();
    void Add(T item);
}
