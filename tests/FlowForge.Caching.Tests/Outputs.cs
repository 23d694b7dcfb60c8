using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests;

/// <summary>Builds a fake obj/ folder with typical compile outputs of deterministic content.</summary>
public static class Outputs
{
    public static readonly string[] TypicalNames = ["Lib.dll", "ref/Lib.dll", "refint/Lib.dll", "Lib.pdb", "Lib.xml"];

    public static Dictionary<string, byte[]> Write(string objFolder, int seed, params string[] names)
    {
        if (names.Length == 0) names = TypicalNames;
        var random = new Random(seed);
        var result = new Dictionary<string, byte[]>();
        foreach (var name in names)
        {
            var bytes = new byte[1000 + random.Next(20_000)];
            random.NextBytes(bytes);
            var path = Path.Combine(objFolder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            result[name] = bytes;
        }
        return result;
    }

    public static void AssertRestored(string destination, Dictionary<string, byte[]> expected)
    {
        foreach (var (name, bytes) in expected)
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(destination, name)));
        Assert.Empty(Directory.EnumerateFiles(destination, "*.tmp", SearchOption.AllDirectories));
    }

    public static ContentHash Key(string name) => ContentHash.Of("fingerprint:" + name);
}
