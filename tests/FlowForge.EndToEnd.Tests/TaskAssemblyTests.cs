using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// The package's task assemblies: portable ones in tasks/net8.0/, and ReadyToRun (precompiled) copies for the runtime
/// of the SDK that packed it, one per platform, which FlowForge.Build.props picks when a build runs on that runtime and
/// platform. (The tests run on the runtime of the SDK that packs the package.)
/// </summary>
public sealed class TaskAssemblyTests
{
    private static readonly string ReadyToRunFolder = $"net{Environment.Version.Major}.0-{RuntimeInformation.RuntimeIdentifier}";

    // The hosts with an official crossgen2 package (FlowForge.Build.Tasks.csproj); elsewhere only the portable copy is packed.
    private static bool PacksReadyToRun => RuntimeInformation.RuntimeIdentifier is
        "linux-x64" or "linux-arm64" or "win-x64" or "win-arm64" or "osx-x64" or "osx-arm64";

    // FlowForgeReadyToRunRids' default: the platforms whose runtime packs the package feed serves.
    private static readonly string[] ReadyToRunPlatforms = ["linux-arm64", "linux-x64", "osx-arm64", "osx-x64", "win-x64"];

    [Fact]
    public void ThePackageCarriesPrecompiledTasksAndABuildOnTheirRuntimeUsesThem()
    {
        if (!PacksReadyToRun) return;
        using (var package = ZipFile.OpenRead(Directory.GetFiles(PackageFeed.Folder, "*.nupkg").Single()))
        {
            string[] AssembliesIn(string folder) => package.Entries
                .Where(e => e.FullName.StartsWith($"tasks/{folder}/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal))
                .Select(e => e.Name).Order().ToArray();
            var portable = AssembliesIn("net8.0");
            Assert.Contains("FlowForge.Build.Tasks.dll", portable);
            foreach (var name in portable) Assert.Null(ReadyToRunMachine(package.GetEntry($"tasks/net8.0/{name}")!));

            var precompiledFolders = package.Entries.Select(e => e.FullName.Split('/'))
                .Where(parts => parts.Length == 3 && parts[0] == "tasks" && parts[1] != "net8.0")
                .Select(parts => parts[1]).Distinct().Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(ReadyToRunPlatforms.Select(rid => $"net{Environment.Version.Major}.0-{rid}"), precompiledFolders);
            Assert.Contains(ReadyToRunFolder, precompiledFolders);
            foreach (var rid in ReadyToRunPlatforms)
            {
                var folder = $"net{Environment.Version.Major}.0-{rid}";
                Assert.Equal(portable, AssembliesIn(folder));
                Assert.Contains(package.Entries, e => e.FullName == $"tasks/{folder}/FlowForge.Build.Tasks.deps.json");
                // Compiled for that platform: a ReadyToRun image's machine field is the CPU's XOR-ed with a per-OS value.
                foreach (var name in portable) Assert.Equal(MachineOf(rid), ReadyToRunMachine(package.GetEntry($"tasks/{folder}/{name}")!));
            }
        }

        using var ws = new SampleWorkspace("Templates");
        var build = ws.BuildSucceeded();
        Assert.NotEmpty(build.FlowForgeLines); // FlowForge's tasks ran
        var used = TasksAssemblyOf(ws.PathOf("Acme.Config/Acme.Config.csproj"), ws.Root, ws.Environment);
        Assert.Equal(Path.Combine(PackageFeed.PackagesFolder, "flowforge.build", PackageFeed.Version, "tasks", ReadyToRunFolder, "FlowForge.Build.Tasks.dll"), used);
    }

    [Fact]
    public void ThePropsPickThePrecompiledCopyOnlyWhenThePackageHasOneForThisRuntime()
    {
        var root = Path.Combine(Path.GetTempPath(), "ff-e2e-tasks-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // The package's layout: build/FlowForge.Build.props beside tasks/<folder>/FlowForge.Build.Tasks.dll.
            Directory.CreateDirectory(Path.Combine(root, "build"));
            File.Copy(Path.Combine(RepositoryLayout.Root, "src", "FlowForge.Build.Tasks", "build", "FlowForge.Build.props"), Path.Combine(root, "build", "FlowForge.Build.props"));
            string Tasks(string folder)
            {
                var file = Path.Combine(root, "tasks", folder, "FlowForge.Build.Tasks.dll");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, "");
                return file;
            }
            var project = Path.Combine(root, "probe.proj");
            File.WriteAllText(project, """<Project><Import Project="build/FlowForge.Build.props" /><Target Name="Build" /></Project>""");

            var portable = Tasks("net8.0");
            Tasks("net7.0-" + RuntimeInformation.RuntimeIdentifier); // another runtime's copy is never picked
            Assert.Equal(portable, TasksAssemblyOf(project, root));
            var precompiled = Tasks(ReadyToRunFolder);
            Assert.Equal(precompiled, TasksAssemblyOf(project, root));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static string TasksAssemblyOf(string project, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = ProcessRunner.Run("dotnet", ["msbuild", project, "-getProperty:FlowForgeTasksAssembly", "-nologo"], workingDirectory, environment);
        Assert.True(result.Succeeded, result.Output);
        return result.Output.Trim();
    }

    /// <summary>A ReadyToRun image's PE machine field, or null for an IL-only assembly (no managed native header).</summary>
    private static ushort? ReadyToRunMachine(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var source = entry.Open()) source.CopyTo(stream);
        stream.Position = 0;
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0 ? (ushort)reader.PEHeaders.CoffHeader.Machine : null;
    }

    /// <summary>The machine field crossgen2 writes for a platform: the CPU's machine type XOR the OS's value (the runtime's
    /// ReadyToRun format; Windows 0, Linux 0x7B79, macOS 0x4644), so that an image is never loaded on another OS.</summary>
    private static ushort MachineOf(string rid)
    {
        var (os, cpu) = (rid.Split('-')[0], rid.Split('-')[1]);
        int machine = cpu switch { "x64" => 0x8664, "arm64" => 0xAA64, _ => throw new ArgumentException(rid) };
        int salt = os switch { "win" => 0, "linux" => 0x7B79, "osx" => 0x4644, _ => throw new ArgumentException(rid) };
        return (ushort)(machine ^ salt);
    }
}
