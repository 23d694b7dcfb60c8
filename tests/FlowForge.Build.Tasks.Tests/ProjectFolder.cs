namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// A throwaway project folder for task tests: <c>App.csproj</c> in a fresh temp folder, with the paths a project build
/// of net10.0 in Debug uses (obj/, FlowForge's state folder, a stat cache file); deleted on Dispose.
/// </summary>
internal sealed class ProjectFolder : IDisposable
{
    public ProjectFolder(string prefix)
    {
        Root = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Obj);
        File.WriteAllText(ProjectFile, "<Project />");
    }

    public string Root { get; }
    public string ProjectFile => Path.Combine(Root, "App.csproj");
    public string Obj => Path.Combine(Root, "obj", "Debug", "net10.0");
    public string StateDirectory => Path.Combine(Obj, "flowforge");
    public string StatCacheFile => Path.Combine(Root, "cache", "stat.bin");

    /// <summary>Writes a file relative to the folder and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
