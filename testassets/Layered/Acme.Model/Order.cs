namespace Acme.Model;

public sealed class Order
{
    public int Id { get; init; }
    public int CustomerId { get; init; }
    public List<OrderLine> Lines { get; } = new();

    public decimal Total() => Lines.Sum(line => line.Quantity * line.UnitPrice);
}

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);
