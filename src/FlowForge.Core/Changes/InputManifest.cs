using FlowForge.Core.Hashing;

namespace FlowForge.Core.Changes;

/// <summary>
/// The inputs of a project's last build with their stat data and hashes, kept under obj/.
/// Binary (see <see cref="FileTable"/>) because it is read on every build and must cost
/// well under a millisecond per thousand inputs.
/// </summary>
public sealed class InputManifest
{
    private static ReadOnlySpan<byte> Magic => "FFMANI"u8;

    public IReadOnlyList<FileEntry> Entries { get; }

    public InputManifest(IReadOnlyList<FileEntry> entries) => Entries = entries;

    public static InputManifest Empty { get; } = new(Array.Empty<FileEntry>());

    /// <returns>The manifest; null when there is none (first build) or it is of an earlier format (no file identity);
    /// null with a reason when corrupt.</returns>
    public static InputManifest? TryLoad(string file, out string? corruptReason)
    {
        corruptReason = null;
        byte[] data;
        try { data = File.ReadAllBytes(file); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        var entries = FileTable.Deserialize(Magic, data, out corruptReason, out bool outdated);
        if (outdated) corruptReason = null;
        return entries is null ? null : new InputManifest(entries);
    }

    public void Save(string file) => AtomicFile.WriteAllBytes(file, FileTable.Serialize(Magic, (IReadOnlyCollection<FileEntry>)Entries));

    /// <summary>True when both manifests list the same files with the same stat data and hashes, in order.</summary>
    public bool SameAs(InputManifest other)
    {
        if (other.Entries.Count != Entries.Count) return false;
        for (int i = 0; i < Entries.Count; i++)
        {
            var a = Entries[i];
            var b = other.Entries[i];
            if (a.Kind != b.Kind || a.Length != b.Length || a.LastWriteTicksUtc != b.LastWriteTicksUtc || a.Hash != b.Hash ||
                a.Identity != b.Identity || a.RecordedTicksUtc != b.RecordedTicksUtc ||
                !StatCache.PathComparer.Equals(a.Path, b.Path))
                return false;
        }
        return true;
    }
}
