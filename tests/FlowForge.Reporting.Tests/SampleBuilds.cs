using System.Diagnostics;
using System.Text;

namespace FlowForge.Reporting.Tests;

/// <summary>
/// Real binlogs, produced once per test run by real `dotnet build -bl` runs of a two-project solution in a temp folder
/// (App references Lib): <see cref="First"/> builds everything, <see cref="Edited"/> follows an edit of a method body in
/// Lib.cs, <see cref="NoOp"/> changes nothing.
/// </summary>
public sealed class SampleBuilds : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ff-report-" + Guid.NewGuid().ToString("N")[..10]);
    public string First { get; }
    public string Edited { get; }
    public string NoOp { get; }

    public SampleBuilds()
    {
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

    public static (int ExitCode, string Output) Execute(string file, IEnumerable<string> arguments, string directory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
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
