using Acme.Data;
using Acme.Model;
using Acme.Services;

namespace Acme.Api;

public sealed class OrderEndpoint
{
    private readonly InMemoryRepository<Customer> _customers = new(c => c.Id);
    private readonly PricingService _pricing = new(0.1m);

    public string Quote(Order order) => $"Order {order.Id}: {_pricing.PriceOf(order):0.00}";

    public Customer Register(string name, string email) => new CustomerService(_customers).Register(name, email);
}
