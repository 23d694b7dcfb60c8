namespace FlowForge.Config.Tests;

/// <summary>A temp folder, optionally with a .git folder, deleted at the end of the test.</summary>
internal sealed class TempRepo : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ff-config-" + Guid.NewGuid().ToString("N")[..12]);

    public TempRepo(bool git = true)
    {
        Directory.CreateDirectory(Root);
        if (git) Directory.CreateDirectory(Path.Combine(Root, ".git"));
    }

    public string Dir(string relative)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
