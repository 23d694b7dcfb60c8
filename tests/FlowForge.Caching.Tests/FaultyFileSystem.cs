namespace FlowForge.Caching.Tests;

/// <summary>
/// Injects write failures: tests run as root, where chmod does not stop writes, so "unwritable folder" and
/// "disk full" are simulated at the seam. Failures apply only to paths under <see cref="FailUnder"/>.
/// </summary>
public sealed class FaultyFileSystem : CacheFileSystem
{
    public enum Fault { None, AccessDenied, DiskFull, DiskFullAfterFirstWrite, ReadOnlyFileSystem }

    public Fault Mode { get; set; }
    public string FailUnder { get; set; } = "";
    private int _writes;

    private void MaybeFail(string path)
    {
        if (Mode == Fault.None || !Path.GetFullPath(path).StartsWith(FailUnder, StringComparison.Ordinal)) return;
        switch (Mode)
        {
            case Fault.AccessDenied: throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
            // What .NET throws on Linux and macOS for EROFS: an IOException carrying the errno (30) in HResult.
            case Fault.ReadOnlyFileSystem: throw new IOException("Read-only file system", 30);
            case Fault.DiskFull: throw new IOException("No space left on device", 28);
            case Fault.DiskFullAfterFirstWrite when Interlocked.Increment(ref _writes) > 1: throw new IOException("No space left on device", 28);
        }
    }

    public override Stream CreateNew(string path)
    {
        MaybeFail(path);
        var inner = base.CreateNew(path);
        return Mode == Fault.DiskFull || Mode == Fault.DiskFullAfterFirstWrite ? new FailingStream(inner, this, path) : inner;
    }

    public override void Move(string source, string destination, bool overwrite) { MaybeFail(destination); base.Move(source, destination, overwrite); }
    public override void CreateDirectory(string path) { if (Mode is Fault.AccessDenied or Fault.ReadOnlyFileSystem) MaybeFail(path); base.CreateDirectory(path); }
    public override Stream OpenExclusive(string path) { if (Mode is Fault.AccessDenied or Fault.ReadOnlyFileSystem) MaybeFail(path); return base.OpenExclusive(path); }
    public override void Delete(string path) { if (Mode is Fault.AccessDenied or Fault.ReadOnlyFileSystem) MaybeFail(path); base.Delete(path); }
    public override void Append(string path, ReadOnlySpan<byte> bytes) { MaybeFail(path); base.Append(path, bytes); }

    /// <summary>A disk that fills up halfway through a write: the first bytes land, then ENOSPC.</summary>
    private sealed class FailingStream(Stream inner, FaultyFileSystem owner, string path) : Stream
    {
        private long _written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written > 0) owner.MaybeFail(path);
            int first = (int)Math.Min(buffer.Length, 512);
            inner.Write(buffer[..first]);
            _written += first;
            if (first < buffer.Length) { owner.MaybeFail(path); inner.Write(buffer[first..]); _written += buffer.Length - first; }
        }
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
