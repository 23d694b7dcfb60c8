using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>Turns file-system exceptions into the cache's coded warnings; the cache never throws I/O errors at callers.</summary>
internal static class StoreErrors
{
    /// <summary>Exceptions the cache absorbs. Anything else is a bug and is allowed to surface.</summary>
    public static bool IsIoFailure(Exception e) => e is IOException or UnauthorizedAccessException or System.Security.SecurityException;

    /// <summary>ENOSPC (28) on Unix, ERROR_DISK_FULL (112) / ERROR_HANDLE_DISK_FULL (39) on Windows.</summary>
    public static bool IsDiskFull(IOException e)
    {
        int code = e.HResult & 0xFFFF;
        return OperatingSystem.IsWindows() ? code is 112 or 39 : code == 28 || e.HResult == 28;
    }

    /// <summary>
    /// An IOException that means "this folder cannot be written": EROFS (30, a read-only mount such as a CI cache volume),
    /// EACCES (13) and EPERM (1), which .NET raises as IOException rather than UnauthorizedAccessException from a rename
    /// (.NET puts the errno in HResult); on Windows ERROR_WRITE_PROTECT (19) and ERROR_ACCESS_DENIED (5).
    /// </summary>
    public static bool IsNotWritable(IOException e)
    {
        int code = e.HResult & 0xFFFF;
        return OperatingSystem.IsWindows() ? code is 19 or 5 : e.HResult is 30 or 13 or 1;
    }

    public static Diagnostic WriteProblem(Exception e, string root, string what)
    {
        // Permissions and a read-only file system are the same problem to the user: the folder cannot be written.
        if (e is UnauthorizedAccessException or System.Security.SecurityException || (e is IOException io && IsNotWritable(io)))
            return Diagnostic.Warning(CacheDiagnosticCodes.NotWritable,
                $"The build cache at '{root}' is not writable ({e.Message}); {what} skipped. Make the folder writable or set another cache root.");
        var cause = e is IOException full && IsDiskFull(full) ? "the disk is full" : e.Message;
        return Diagnostic.Warning(CacheDiagnosticCodes.WriteFailed,
            $"Writing to the build cache at '{root}' failed ({cause}); {what} skipped. Free disk space or lower the cache size limit.");
    }

    public static Diagnostic ReadProblem(Exception e, string root) =>
        Diagnostic.Warning(CacheDiagnosticCodes.ReadFailed,
            $"The build cache at '{root}' could not be read ({e.Message}); treated as a miss.");

    public static Diagnostic LockTimeout(string root, TimeSpan waited, string what) =>
        Diagnostic.Warning(CacheDiagnosticCodes.LockTimeout,
            $"The build cache at '{root}' stayed locked by another process for {waited.TotalSeconds:0.#} s; {what} skipped.");
}
