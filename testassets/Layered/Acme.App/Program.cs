using Acme.Api;
using Acme.Model;

var endpoint = new OrderEndpoint();
var customer = endpoint.Register("Ada", "ada@example.org");
var order = new Order { Id = 1, CustomerId = customer.Id };
order.Lines.Add(new OrderLine("BOOK", 3, 42m));
Console.WriteLine(endpoint.Quote(order));
