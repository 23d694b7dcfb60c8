using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// The package's task assemblies: portable ones in tasks/net8.0/, and a ReadyToRun (precompiled) copy for the runtime
/// of the SDK that packed it, which FlowForge.Build.props picks when a build runs on that runtime and platform.
/// (The tests run on the runtime of the SDK that packs the package.)
/// </summary>
public sealed class TaskAssemblyTests
{
    private static readonly string ReadyToRunFolder = $"net{Environment.Version.Major}.0-{RuntimeInformation.RuntimeIdentifier}";

    // The hosts with an official crossgen2 package (FlowForge.Build.Tasks.csproj); elsewhere only the portable copy is packed.
    private static bool PacksReadyToRun => RuntimeInformation.RuntimeIdentifier is
        "linux-x64" or "linux-arm64" or "win-x64" or "win-arm64" or "osx-x64" or "osx-arm64";

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
            Assert.Equal(portable, AssembliesIn(ReadyToRunFolder));
            Assert.Contains(package.Entries, e => e.FullName == $"tasks/{ReadyToRunFolder}/FlowForge.Build.Tasks.deps.json");
            foreach (var name in portable)
            {
                Assert.False(IsReadyToRun(package.GetEntry($"tasks/net8.0/{name}")!), name);
                Assert.True(IsReadyToRun(package.GetEntry($"tasks/{ReadyToRunFolder}/{name}")!), name);
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

    /// <summary>ReadyToRun images carry a managed native header; IL-only assemblies do not.</summary>
    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var source = entry.Open()) source.CopyTo(stream);
        stream.Position = 0;
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}
