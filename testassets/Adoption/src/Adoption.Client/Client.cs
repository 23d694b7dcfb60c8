using Adoption.Core;

namespace Adoption.Client;

/// <summary>Queues messages and reports how many bytes it would send.</summary>
public sealed class Client
{
    private readonly List<Message> _queue = new();

    public void Publish(string topic, string payload) => _queue.Add(new Message(topic, payload));

    public int PendingBytes => _queue.Sum(m => m.Size);
}
