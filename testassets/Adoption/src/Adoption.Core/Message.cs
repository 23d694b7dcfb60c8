namespace Adoption.Core;

/// <summary>A message as the client sends it.</summary>
public sealed record Message(string Topic, string Payload)
{
    public int Size => Topic.Length + Payload.Length;
}
