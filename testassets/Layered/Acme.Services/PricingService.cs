using Acme.Model;

namespace Acme.Services;

public sealed class PricingService
{
    private readonly decimal _discountRate;

    public PricingService(decimal discountRate) => _discountRate = discountRate;

    public decimal PriceOf(Order order)
    {
        var total = order.Total();
        return total > 100m ? total * (1 - _discountRate) : total;
    }
}
