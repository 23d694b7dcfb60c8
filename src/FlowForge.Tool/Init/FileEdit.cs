namespace FlowForge.Tool.Init;

/// <summary>One file init creates or changes: its new bytes and what changed, in words for the user. A file whose
/// content would not change is never an edit: that is what makes a second run of init change nothing.</summary>
public sealed record FileEdit(string Path, bool Created, IReadOnlyList<string> Changes, byte[] Content)
{
    public void Write()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Through a temp file and a rename, so an interrupted init never leaves a half-written build file.
        var temp = Path + ".flowforge-init.tmp";
        File.WriteAllBytes(temp, Content);
        File.Move(temp, Path, overwrite: true);
    }
}
