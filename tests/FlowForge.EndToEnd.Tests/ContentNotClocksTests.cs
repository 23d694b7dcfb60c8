using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Issue 20: never a wrong binary. Content, not clocks, decides: an edit that keeps the size and puts the mtime back
/// (touch -r, cp -p, rsync -a, a restored backup) recompiles, and nothing a build stores in the cache claims sources
/// the outputs were not built from. The oracle is a clean build of the same tree (plain MSBuild, FlowForge off, no
/// outputs), compared byte for byte.
/// </summary>
public sealed class ContentNotClocksTests : IDisposable
{
    private const string Model = "Acme.Model/Acme.Model.csproj";
    private const string ModelDll = "Acme.Model/obj/Debug/net10.0/Acme.Model.dll";
    private const string Order = "Acme.Model/Order.cs";
    private const string Services = "Acme.Services/Acme.Services.csproj";
    private const string ServicesDll = "Acme.Services/obj/Debug/net10.0/Acme.Services.dll";

    /// <summary>The checkout's folder mapped away, so that a clean build in another folder gives the same bytes.</summary>
    private const string MappedPaths = "<PropertyGroup><PathMap>$(MSBuildThisFileDirectory)=/_/</PathMap></PropertyGroup>";

    private readonly string _sharedCache = Path.Combine(Path.GetTempPath(), "ff-e2e-clocks-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try { Directory.Delete(_sharedCache, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static SampleWorkspace Local(string? cacheRoot = null, string? extraProps = null) =>
        new SampleWorkspace("Layered", cacheRoot, extraProps).AsLocalBuild();

    private static List<string> Compiled(BuildResult build) => CompileRuns.Read(build.Binlog);

    /// <summary>Rewrites a file with new content of the same length and puts its mtime back, as touch -r does.</summary>
    private static void SameSizeEditWithTheMtimePutBack(string file, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        var mtime = File.GetLastWriteTimeUtc(file);
        var text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to));
        File.SetLastWriteTimeUtc(file, mtime);
    }

    /// <summary>The assembly of the last of <paramref name="projects"/> (Acme.Model by default) from a clean build by plain
    /// MSBuild in another folder, with the sources of every project listed copied from <paramref name="tree"/>.</summary>
    private static byte[] CleanBuildOf(SampleWorkspace oracle, SampleWorkspace tree, params string[] projects)
    {
        if (projects.Length == 0) projects = ["Acme.Model"];
        foreach (var project in projects)
        {
            foreach (var file in Directory.EnumerateFiles(tree.PathOf(project), "*.cs"))
                File.Copy(file, oracle.PathOf(project + "/" + Path.GetFileName(file)), overwrite: true);
            foreach (var file in Directory.EnumerateFiles(oracle.PathOf(project), "*.cs"))
                if (!File.Exists(tree.PathOf(project + "/" + Path.GetFileName(file)))) File.Delete(file);
            foreach (var folder in new[] { project + "/obj/Debug", project + "/bin" })
                if (Directory.Exists(oracle.PathOf(folder))) Directory.Delete(oracle.PathOf(folder), recursive: true);
        }
        var built = projects[^1];
        var clean = oracle.BuildSucceeded($"{built}/{built}.csproj", "-p:FlowForgeEnabled=false");
        Assert.Contains(built, Compiled(clean));
        return File.ReadAllBytes(oracle.PathOf($"{built}/obj/Debug/net10.0/{built}.dll"));
    }

    [Fact]
    public void ASameSizeEditWithTheMtimePutBackRecompilesInBothQuickCheckModesAndSoDoesACopyWithItsDate()
    {
        using var ws = Local(extraProps: MappedPaths);
        using var oracle = Local(extraProps: MappedPaths);
        ws.Environment["FlowForgeCache"] = "false"; // the gate's own decision: a restore would hide a missed edit
        var order = ws.PathOf(Order);
        var original = File.ReadAllBytes(order);
        var originalTime = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(order, originalTime);
        var backup = Path.Combine(Path.GetDirectoryName(ws.Root)!, "Order.cs.backup");
        File.Copy(order, backup);
        File.SetLastWriteTimeUtc(backup, originalTime);

        Assert.Equal(["Acme.Abstractions", "Acme.Model"], Compiled(ws.BuildSucceeded(Model)));
        Assert.Empty(Compiled(ws.BuildSucceeded(Model)));

        // Quick check on (the default): MSBuild's timestamps cannot see this edit; the ctime moved.
        SameSizeEditWithTheMtimePutBack(order, "line.Quantity * line.UnitPrice", "line.UnitPrice * line.Quantity");
        Assert.Equal(["Acme.Model"], Compiled(ws.BuildSucceeded(Model)));
        Assert.Equal(["inputs changed: Order.cs"], ws.Record("Acme.Model").Compile!.Reasons);
        Assert.Equal(CleanBuildOf(oracle, ws), File.ReadAllBytes(ws.PathOf(ModelDll)));

        // Quick check off: every input hashed by content.
        SameSizeEditWithTheMtimePutBack(order, "CustomerId", "CustomerNo");
        Assert.Equal(["Acme.Model"], Compiled(ws.BuildSucceeded(Model, "-p:FlowForgeQuickCheck=false")));
        Assert.Equal(CleanBuildOf(oracle, ws), File.ReadAllBytes(ws.PathOf(ModelDll)));

        // The older version restored as cp -p does: a copy that keeps the original's date, older than every output.
        File.Copy(backup, order, overwrite: true);
        File.SetLastWriteTimeUtc(order, originalTime);
        Assert.Equal(original, File.ReadAllBytes(order));
        Assert.Equal(["Acme.Model"], Compiled(ws.BuildSucceeded(Model)));
        Assert.Equal(CleanBuildOf(oracle, ws), File.ReadAllBytes(ws.PathOf(ModelDll)));
    }

    [Fact]
    public void ASameSizeEditWithTheMtimePutBackCannotPoisonTheCacheForASecondClone()
    {
        // The sequence of the issue: build; a same-size edit with the mtime put back; build; add a file; build; a second
        // clone with the original sources and the same cache must get the binary of ITS sources.
        using var first = Local(_sharedCache);
        Assert.Equal(["Acme.Abstractions", "Acme.Model"], Compiled(first.BuildSucceeded(Model)));
        SameSizeEditWithTheMtimePutBack(first.PathOf(Order), "line.Quantity * line.UnitPrice", "line.UnitPrice * line.Quantity");
        Assert.Equal(["Acme.Model"], Compiled(first.BuildSucceeded(Model)));
        Assert.Equal("stored", first.Record("Acme.Model").Cache!.Result);
        File.WriteAllText(first.PathOf("Acme.Model/Extra.cs"), "namespace Acme.Model;\n\npublic static class Extra\n{\n    public const int Answer = 42;\n}\n");
        Assert.Equal(["Acme.Model"], Compiled(first.BuildSucceeded(Model)));
        Assert.DoesNotContain("FF1009", first.BuildSucceeded(Model).WarningCodes());

        using var second = Local(_sharedCache);
        second.BuildSucceeded(Model);
        Assert.Equal(ProjectRecord.Decisions.Restored, second.Record("Acme.Model").Compile!.Decision);
        // The oracle: a clean build of the second clone's sources in another folder with an empty cache (a fresh
        // compile; with the cache on FlowForge maps the checkout's folder, so the bytes do not depend on it).
        using var clean = Local(_sharedCache + "-empty");
        try
        {
            Assert.Equal(["Acme.Abstractions", "Acme.Model"], Compiled(clean.BuildSucceeded(Model)));
            Assert.Equal(File.ReadAllBytes(clean.PathOf(ModelDll)), File.ReadAllBytes(second.PathOf(ModelDll)));
            Assert.NotEqual(File.ReadAllBytes(first.PathOf(ModelDll)), File.ReadAllBytes(second.PathOf(ModelDll)));
        }
        finally
        {
            try { Directory.Delete(_sharedCache + "-empty", recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void SwitchingOptimizeOnAndBackIsNoVolatilePropertyAndARestoreClaimsNoRecompile()
    {
        // Seen on a real repository: -p:Optimize=true, then without it, raised FF1006 on a build that compiled nothing.
        using var ws = Local();
        ws.BuildSucceeded(Model);
        ws.BuildSucceeded(Model, "-p:Optimize=true");
        var back = ws.BuildSucceeded(Model);
        Assert.Empty(Compiled(back));
        Assert.Equal(ProjectRecord.Decisions.Restored, ws.Record("Acme.Model").Compile!.Decision);
        Assert.DoesNotContain("FF1006", back.WarningCodes());
        var again = ws.BuildSucceeded(Model, "-p:Optimize=true");
        Assert.DoesNotContain("FF1006", again.WarningCodes());
    }

    [Fact]
    public void AReferenceAssemblyRestoredPastAFutureDatedInputIsNeverReadStaleByTheCompilerServer()
    {
        // The compiler server caches referenced assemblies by path and mtime. With an input dated in the future, every
        // restore used to date Acme.Model's reference assembly "that input + 1 ms", so the server took a restore of other
        // content for the version it had read before, and Acme.Services was compiled with the previous constant (and
        // stored so in the cache).
        using var ws = Local(extraProps: MappedPaths);
        using var oracle = Local(extraProps: MappedPaths);
        File.SetLastWriteTimeUtc(ws.PathOf("Acme.Model/Customer.cs"), DateTime.UtcNow.AddDays(1000));
        void Api(int value) => File.WriteAllText(ws.PathOf("Acme.Model/Versions.cs"),
            $"namespace Acme.Model;\n\npublic static class Versions\n{{\n    public const int Api = {value};\n}}\n");
        void Probe(string note) => File.WriteAllText(ws.PathOf("Acme.Services/Probe.cs"),
            $"namespace Acme.Services;\n\n// {note}\npublic static class Probe\n{{\n    public static int Api() => Acme.Model.Versions.Api;\n}}\n");

        Api(1);
        Probe("first");
        ws.BuildSucceeded(Services);
        Api(2);
        ws.BuildSucceeded(Services); // stores Acme.Model with Api = 2
        Api(1);
        Probe("second");
        ws.BuildSucceeded(Services); // Acme.Model restored with Api = 1; Acme.Services compiled against it
        Assert.Equal(ProjectRecord.Decisions.Restored, ws.Record("Acme.Model").Compile!.Decision);
        Api(2);
        var last = ws.BuildSucceeded(Services); // Acme.Model restored with Api = 2; Acme.Services compiled against it
        Assert.Equal(ProjectRecord.Decisions.Restored, ws.Record("Acme.Model").Compile!.Decision);
        Assert.Equal(["Acme.Services"], Compiled(last));
        Assert.Contains("server processed compilation", last.Output); // on the compiler server, as users build

        Assert.Equal(CleanBuildOf(oracle, ws, "Acme.Model", "Acme.Services"), File.ReadAllBytes(ws.PathOf(ServicesDll)));
    }

    [Fact]
    public void AReferenceReplacedUnderItsOldDateIsCompiledAgainstWithoutTheCompilerServer()
    {
        // lib/Vendor.dll replaced by another build with the date it had (cp -p, an unpacked archive, a restored backup).
        // FlowForge sees the new content and compiles; the compiler server, which knows references by path and mtime,
        // would compile against the version it read before, so that compile runs its own compiler process.
        using var ws = Local(extraProps: MappedPaths);
        var vendor = Path.Combine(ws.Top, "vendor");
        Directory.CreateDirectory(vendor);
        File.WriteAllText(Path.Combine(vendor, "Vendor.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><Deterministic>true</Deterministic></PropertyGroup></Project>");
        var vendorDll = ws.PathOf("lib/Vendor.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(vendorDll)!);
        var archiveDate = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        void VendorVersion(int api)
        {
            File.WriteAllText(Path.Combine(vendor, "Versions.cs"), $"namespace Vendor;\n\npublic static class Versions\n{{\n    public const int Api = {api};\n}}\n");
            var built = ProcessRunner.Run("dotnet", ["build", "-nologo", "-tl:off", "-p:FlowForgeEnabled=false"], vendor, ws.Environment);
            Assert.True(built.Succeeded, built.Output);
            File.Copy(Path.Combine(vendor, "bin", "Debug", "net10.0", "Vendor.dll"), vendorDll, overwrite: true);
            File.SetLastWriteTimeUtc(vendorDll, archiveDate);
        }
        File.WriteAllText(ws.PathOf("Acme.Services/Acme.Services.csproj"), File.ReadAllText(ws.PathOf("Acme.Services/Acme.Services.csproj"))
            .Replace("</Project>", "  <ItemGroup>\n    <Reference Include=\"Vendor\" HintPath=\"../lib/Vendor.dll\" />\n  </ItemGroup>\n</Project>"));
        File.WriteAllText(ws.PathOf("Acme.Services/Probe.cs"),
            "namespace Acme.Services;\n\npublic static class Probe\n{\n    public static int Api() => Vendor.Versions.Api;\n}\n");

        VendorVersion(1);
        var first = ws.BuildSucceeded(Services);
        Assert.Contains("Acme.Services", Compiled(first));
        Assert.Contains("server processed compilation - Acme.Services", first.Output); // the server has read Vendor.dll
        var withVersion1 = File.ReadAllBytes(ws.PathOf(ServicesDll));

        VendorVersion(2);
        var second = ws.BuildSucceeded(Services);
        Assert.Equal(["Acme.Services"], Compiled(second));
        Assert.Contains("lib/Vendor.dll was rewritten keeping its modification time", string.Join("\n", ws.Record("Acme.Services").Compile!.Reasons));
        Assert.DoesNotContain("server processed compilation - Acme.Services", second.Output);
        var compiled = File.ReadAllBytes(ws.PathOf(ServicesDll));
        Assert.NotEqual(withVersion1, compiled);

        // The oracle: the same tree rebuilt by plain MSBuild with a compiler process of its own.
        var oracle = ProcessRunner.Run("dotnet", ["build", Services, "--no-restore", "--no-incremental", "-nologo", "-tl:off",
            "-p:FlowForgeEnabled=false", "-p:UseSharedCompilation=false"], ws.Root, ws.Environment);
        Assert.True(oracle.Succeeded, oracle.Output);
        Assert.Equal(File.ReadAllBytes(ws.PathOf(ServicesDll)), compiled);

        // The next compile uses the server again.
        File.AppendAllText(ws.PathOf("Acme.Services/Probe.cs"), "// edited\n");
        Assert.Contains("server processed compilation - Acme.Services", ws.BuildSucceeded(Services).Output);
    }
}
