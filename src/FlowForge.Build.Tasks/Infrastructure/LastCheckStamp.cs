namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// The compile gate's quick-check stamp (FlowForge.Build.Gate.targets): an empty file that the gate target lists as an
/// output, dated when the gate's last check began. MSBuild skips the gate target while no input is newer. Dated at the
/// start rather than the end, so a file saved while the check ran is newer than the stamp and the next build checks it.
/// </summary>
internal static class LastCheckStamp
{
    public static void TryWrite(string path, DateTime checkStartedUtc)
    {
        try
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (File.Create(path)) { }
            }
            File.SetLastWriteTimeUtc(path, checkStartedUtc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without the stamp MSBuild runs the gate in every build: slower, never wrong.
        }
    }
}
