using Acme.Abstractions;
using Acme.Model;

namespace Acme.Services;

public sealed class CustomerService(IRepository<Customer> customers)
{
    public Customer Register(string name, string email)
    {
        var customer = new Customer(customers.All().Count + 1, name, email);
        if (!customer.HasValidEmail) throw new ArgumentException($"'{email}' is not an email address.", nameof(email));
        customers.Add(customer);
        return customer;
    }
}
