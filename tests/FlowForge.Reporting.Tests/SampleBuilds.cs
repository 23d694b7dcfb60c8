using System.Diagnostics;
using System.Text;

namespace FlowForge.Reporting.Tests;

/// <summary>
/// Real binlogs, produced once per test run by real `dotnet build -bl` runs of a two-project solution in a temp folder
/// (App references Lib): <see cref="First"/> builds everything, <see cref="Edited"/> follows an edit of a method body in
/// Lib.cs, <see cref="NoOp"/> changes nothing. Built on first use: <see cref="Generated"/> (a layered solution from
/// build/generate-solution.py, built in parallel with -m:2), <see cref="Failed"/> (a compile error, CS0029) and
/// <see cref="MultiTargeted"/> (App for net8.0 and net10.0, referencing Lib).
/// </summary>
public sealed class SampleBuilds : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ff-report-" + Guid.NewGuid().ToString("N")[..10]);
    public string First { get; }
    public string Edited { get; }
    public string NoOp { get; }

    private readonly Lazy<string> _generated;
    private readonly Lazy<string> _failed;
    private readonly Lazy<string> _multiTargeted;

    /// <summary>The generated solution's folder (its solution.json lists every project's references).</summary>
    public string GeneratedRoot => Path.Combine(Root, "generated");
    public string Generated => _generated.Value;
    public string Failed => _failed.Value;
    public string MultiTargeted => _multiTargeted.Value;

    public SampleBuilds()
    {
        _generated = new Lazy<string>(BuildGenerated);
        _failed = new Lazy<string>(BuildFailed);
        _multiTargeted = new Lazy<string>(BuildMultiTargeted);
        Directory.CreateDirectory(Path.Combine(Root, "Lib"));
        Directory.CreateDirectory(Path.Combine(Root, "App"));
        // Sealed from any Directory.Build.* above the temp folder.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Lib", "Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Root, "Lib", "Lib.cs"), "namespace Lib;\npublic static class Greeter { public static string Hello() => \"hello\"; }\n");
        File.WriteAllText(Path.Combine(Root, "App", "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType></PropertyGroup>
              <ItemGroup><ProjectReference Include="../Lib/Lib.csproj" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Root, "App", "Program.cs"), "System.Console.WriteLine(Lib.Greeter.Hello());\n");
        Run("dotnet", "new", "sln", "-n", "Sample", "--format", "sln");
        Run("dotnet", "sln", "Sample.sln", "add", "Lib/Lib.csproj", "App/App.csproj");

        First = Build("first");
        // A method body changes: Lib recompiles; its reference assembly does not, so App only copies the new Lib.dll.
        File.WriteAllText(Path.Combine(Root, "Lib", "Lib.cs"), "namespace Lib;\npublic static class Greeter { public static string Hello() => \"hello, world\"; }\n");
        Edited = Build("edited");
        NoOp = Build("noop");
    }

    private string Build(string name)
    {
        var binlog = Path.Combine(Root, name + ".binlog");
        Run("dotnet", "build", "Sample.sln", "-nologo", "-tl:off", "-m:2", "-bl:" + binlog);
        return binlog;
    }

    /// <summary>8 projects in 3 layers, each referencing 1–3 of the layer below: a graph, not a chain.</summary>
    private string BuildGenerated()
    {
        var script = Path.Combine(BinlogReportTests.RepositoryRoot(), "build", "generate-solution.py");
        Run("python3", script, "--out", GeneratedRoot, "--projects", "8", "--layers", "3", "--entities", "1");
        var binlog = Path.Combine(Root, "generated.binlog");
        var (exit, output) = Execute("dotnet", ["build", "Acme.sln", "-nologo", "-tl:off", "-m:2", "-bl:" + binlog], GeneratedRoot);
        if (exit != 0) throw new InvalidOperationException("the generated solution did not build:\n" + output);
        return binlog;
    }

    /// <summary>One project whose Program.cs assigns a string to an int (CS0029 at 1,15).</summary>
    private string BuildFailed()
    {
        var folder = Path.Combine(Root, "failed");
        Directory.CreateDirectory(Path.Combine(folder, "Broken"));
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Broken", "Broken.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Broken", "Program.cs"), "int broken = \"text\";\nSystem.Console.WriteLine(broken);\n");
        var binlog = Path.Combine(Root, "failed.binlog");
        var (exit, output) = Execute("dotnet", ["build", "Broken/Broken.csproj", "-nologo", "-tl:off", "-m:2", "-bl:" + binlog], folder);
        if (exit == 0 || !File.Exists(binlog)) throw new InvalidOperationException("the broken project was expected to fail with a binlog:\n" + output);
        return binlog;
    }

    /// <summary>App targets net8.0 and net10.0 and references Lib (net8.0): three project × target framework builds.</summary>
    private string BuildMultiTargeted()
    {
        var folder = Path.Combine(Root, "multi");
        Directory.CreateDirectory(Path.Combine(folder, "Lib"));
        Directory.CreateDirectory(Path.Combine(folder, "App"));
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Lib", "Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Lib", "Lib.cs"), "namespace Lib;\npublic static class Greeter { public static string Hello() => \"hello\"; }\n");
        File.WriteAllText(Path.Combine(folder, "App", "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFrameworks>net8.0;net10.0</TargetFrameworks></PropertyGroup>
              <ItemGroup><ProjectReference Include="../Lib/Lib.csproj" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "App", "App.cs"), "namespace App;\npublic static class Caller { public static string Call() => Lib.Greeter.Hello(); }\n");
        var binlog = Path.Combine(Root, "multi.binlog");
        var (exit, output) = Execute("dotnet", ["build", "App/App.csproj", "-nologo", "-tl:off", "-m:2", "-bl:" + binlog], folder);
        if (exit != 0) throw new InvalidOperationException("the multi-targeted project did not build:\n" + output);
        return binlog;
    }

    public static (int ExitCode, string Output) Execute(string file, IEnumerable<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Short-lived build processes skip tier-1 re-JIT (same work, same bytes; ~20% less CPU on a 2-core CI run).
        start.Environment["DOTNET_TC_CallCounting"] = "0";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} timed out:\n{output}");
        }
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    private void Run(string file, params string[] arguments)
    {
        var (exit, output) = Execute(file, arguments, Root);
        if (exit != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({exit}):\n{output}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SampleBuildsCollection : ICollectionFixture<SampleBuilds>
{
    public const string Name = "sample builds";
}
