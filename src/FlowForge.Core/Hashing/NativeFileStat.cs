using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FlowForge.Core.Hashing;

/// <summary>
/// Reads a file's full identity (<see cref="FileIdentity"/>) with one platform call: <c>statx</c> on Linux (its struct has
/// one layout on every architecture, unlike <c>struct stat</c>), <c>stat</c> on macOS (64-bit inode layout, the same on
/// x64 and arm64), <c>GetFileInformationByHandleEx</c> (FileBasicInfo, FileStandardInfo, FileIdInfo) on Windows.
/// Returns false where the call is unavailable or fails for another reason than "no such file": the caller then falls
/// back to <see cref="FileInfo"/> with an unknown identity, which never vouches for a cached hash.
/// </summary>
internal static class NativeFileStat
{
    private static bool _unavailable = !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsWindows());

    [ThreadStatic] private static byte[]? _buffer;

    public static bool TryStat(string path, out FileStatus status)
    {
        status = FileStatus.Missing;
        if (_unavailable || string.IsNullOrEmpty(path)) return false;
        var buffer = _buffer ??= new byte[256];
        try
        {
            if (OperatingSystem.IsLinux()) return Linux(path, buffer, out status);
            if (OperatingSystem.IsMacOS()) return MacOS(path, buffer, out status);
            return Windows(path, buffer, out status);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            _unavailable = true;
            return false;
        }
    }

    private const int ENOENT = 2, ENOTDIR = 20, ENAMETOOLONG = 36, ENOSYS = 38, ELOOP = 40;
    private const int S_IFMT = 0xF000, S_IFDIR = 0x4000;

    private static bool Missing(out FileStatus status)
    {
        status = FileStatus.Missing;
        return true;
    }

    private static FileStatus Exists(long length, long mtimeSeconds, long mtimeNanoseconds, long ctimeSeconds, long ctimeNanoseconds, ulong inode, ulong device)
    {
        long mtimeTicks = DateTime.UnixEpoch.Ticks + mtimeSeconds * TimeSpan.TicksPerSecond + mtimeNanoseconds / 100;
        var identity = new FileIdentity(true, mtimeSeconds * 1_000_000_000 + mtimeNanoseconds,
            ctimeSeconds * 1_000_000_000 + ctimeNanoseconds, inode, 0, device);
        return new FileStatus(true, length, mtimeTicks, identity);
    }

    // ---- Linux: int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *buf)

    private const int AT_FDCWD = -100;
    private const uint STATX_BASIC_STATS = 0x7FF;
    private const uint STATX_NEEDED = 0x4 /*TYPE*/ | 0x40 /*MTIME*/ | 0x80 /*CTIME*/ | 0x100 /*INO*/ | 0x200 /*SIZE*/;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    private static bool Linux(string path, byte[] b, out FileStatus status)
    {
        status = FileStatus.Missing;
        if (statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, b) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR or ENAMETOOLONG or ELOOP) return Missing(out status);
            if (errno == ENOSYS) _unavailable = true; // a kernel or sandbox without statx
            return false;
        }
        var s = b.AsSpan();
        uint mask = BinaryPrimitives.ReadUInt32LittleEndian(s);
        if ((mask & STATX_NEEDED) != STATX_NEEDED) return false;
        int mode = BinaryPrimitives.ReadUInt16LittleEndian(s[28..]);
        if ((mode & S_IFMT) == S_IFDIR) return Missing(out status); // FileInfo does not see a folder as a file either
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(s[32..]);
        long size = BinaryPrimitives.ReadInt64LittleEndian(s[40..]);
        long ctimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(s[96..]);
        uint ctimeNanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(s[104..]);
        long mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(s[112..]);
        uint mtimeNanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(s[120..]);
        ulong device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(s[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(s[140..]);
        status = Exists(size, mtimeSeconds, mtimeNanoseconds, ctimeSeconds, ctimeNanoseconds, inode, device);
        return true;
    }

    // ---- macOS: int stat(const char *path, struct stat *buf), 64-bit inode layout (stat$INODE64 on x64)

    [DllImport("libSystem.dylib", EntryPoint = "stat", SetLastError = true)]
    private static extern int stat_arm64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libSystem.dylib", EntryPoint = "stat$INODE64", SetLastError = true)]
    private static extern int stat_x64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    private static bool MacOS(string path, byte[] b, out FileStatus status)
    {
        status = FileStatus.Missing;
        var architecture = RuntimeInformation.OSArchitecture;
        if (architecture is not (Architecture.Arm64 or Architecture.X64)) { _unavailable = true; return false; }
        int result = architecture == Architecture.Arm64 ? stat_arm64(path, b) : stat_x64(path, b);
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno is ENOENT or ENOTDIR or 63 /*ENAMETOOLONG*/ or 62 /*ELOOP*/ && Missing(out status);
        }
        var s = b.AsSpan();
        // dev_t st_dev (int32) 0, mode_t st_mode (uint16) 4, nlink 6, ino_t st_ino 8, uid 16, gid 20, rdev 24,
        // st_atimespec 32, st_mtimespec 48, st_ctimespec 64, st_birthtimespec 80, off_t st_size 96.
        int mode = BinaryPrimitives.ReadUInt16LittleEndian(s[4..]);
        if ((mode & S_IFMT) == S_IFDIR) return Missing(out status);
        ulong device = BinaryPrimitives.ReadUInt32LittleEndian(s);
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
        long mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(s[48..]), mtimeNanoseconds = BinaryPrimitives.ReadInt64LittleEndian(s[56..]);
        long ctimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(s[64..]), ctimeNanoseconds = BinaryPrimitives.ReadInt64LittleEndian(s[72..]);
        long size = BinaryPrimitives.ReadInt64LittleEndian(s[96..]);
        status = Exists(size, mtimeSeconds, mtimeNanoseconds, ctimeSeconds, ctimeNanoseconds, inode, device);
        return true;
    }

    // ---- Windows: a handle with no data access, then FileBasicInfo, FileStandardInfo and FileIdInfo

    private const uint FILE_READ_ATTRIBUTES = 0x80, FILE_SHARE_ALL = 0x7, OPEN_EXISTING = 3, FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
    private const int FileBasicInfo = 0, FileStandardInfo = 1, FileIdInfo = 18;
    private const int ERROR_FILE_NOT_FOUND = 2, ERROR_PATH_NOT_FOUND = 3, ERROR_INVALID_NAME = 123;
    private const long FileTimeToUnixTicks = 116444736000000000; // 1601-01-01 to 1970-01-01 in 100 ns units

    [DllImport("kernel32.dll", EntryPoint = "CreateFileW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern SafeFileHandle CreateFile(string path, uint access, uint share, IntPtr security, uint disposition, uint flags, IntPtr template);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool GetFileInformationByHandleEx(SafeFileHandle handle, int infoClass, byte[] buffer, uint size);

    private static bool Windows(string path, byte[] b, out FileStatus status)
    {
        status = FileStatus.Missing;
        using var handle = CreateFile(path, FILE_READ_ATTRIBUTES, FILE_SHARE_ALL, IntPtr.Zero, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, IntPtr.Zero);
        if (handle.IsInvalid)
        {
            int error = Marshal.GetLastPInvokeError();
            return error is ERROR_FILE_NOT_FOUND or ERROR_PATH_NOT_FOUND or ERROR_INVALID_NAME && Missing(out status);
        }
        var s = b.AsSpan();
        // FILE_STANDARD_INFO: AllocationSize 0, EndOfFile 8, NumberOfLinks 16, DeletePending 20, Directory 21.
        if (!GetFileInformationByHandleEx(handle, FileStandardInfo, b, 24)) return false;
        if (s[21] != 0) return Missing(out status);
        long size = BinaryPrimitives.ReadInt64LittleEndian(s[8..]);
        // FILE_BASIC_INFO: CreationTime 0, LastAccessTime 8, LastWriteTime 16, ChangeTime 24, FileAttributes 32.
        if (!GetFileInformationByHandleEx(handle, FileBasicInfo, b, 40)) return false;
        long lastWrite = BinaryPrimitives.ReadInt64LittleEndian(s[16..]);
        long change = BinaryPrimitives.ReadInt64LittleEndian(s[24..]);
        // FILE_ID_INFO: VolumeSerialNumber 0, FileId (128 bits) 8. Not every file system has it: then no identity.
        if (!GetFileInformationByHandleEx(handle, FileIdInfo, b, 24)) return false;
        ulong volume = BinaryPrimitives.ReadUInt64LittleEndian(s);
        ulong idLow = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]), idHigh = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]);
        long mtimeTicks = DateTime.FromFileTimeUtc(lastWrite).Ticks;
        var identity = new FileIdentity(true, (lastWrite - FileTimeToUnixTicks) * 100, (change - FileTimeToUnixTicks) * 100, idLow, idHigh, volume);
        status = new FileStatus(true, size, mtimeTicks, identity);
        return true;
    }
}
