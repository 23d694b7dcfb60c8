namespace FlowForge.Caching;

/// <summary>Result kinds of a remote operation.</summary>
public enum RemoteStatus
{
    /// <summary>The server had it and it verified.</summary>
    Found,
    /// <summary>The server does not have it (404).</summary>
    NotFound,
    /// <summary>The remote is off (circuit open, read-only, failure just now); see the diagnostics.</summary>
    Unavailable,
    /// <summary>The server sent content that does not hash to its name; rejected.</summary>
    Tampered,
}

/// <summary>An HTTP status the remote tier treats as a failure; <see cref="Transient"/> ones are retried.</summary>
internal sealed class RemoteStatusException(int status, string method, string path) : Exception($"HTTP {status} for {method} {path}")
{
    public int Status { get; } = status;
    public string Method { get; } = method;
    public string RelativePath { get; } = path;
    public bool Transient => Status >= 500 || Status is 408 or 429;
}
