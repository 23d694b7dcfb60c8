namespace Acme.Abstractions;

/// <summary>Time source, so tests can freeze it.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
}
