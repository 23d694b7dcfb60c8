using System.CommandLine;
using System.Reflection;
using FlowForge.Tool.Init;

namespace FlowForge.Tool.Commands;

internal static partial class ToolCommands
{
    static partial void AddInit(List<Command> commands) => commands.Add(InitCommand.Create());
}

/// <summary><c>dotnet flowforge init [path] [--version v] [--source feed] [--config] [--no-summary-logger] [--dry-run]</c>:
/// sets a repository up (<see cref="RepositoryInit"/>) and prints what it changed.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A folder inside the repository. Default: the current folder.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var version = new Option<string?>("--version") { Description = "The FlowForge.Build version to reference. Default: this tool's version." };
        var source = new Option<string?>("--source") { Description = "A package source holding FlowForge.Build (URL or folder), added to nuget.config and, where package source mapping is on, mapped for FlowForge.*." };
        var sourceName = new Option<string>("--source-name") { Description = "The key of that source in nuget.config.", DefaultValueFactory = _ => InitOptions.DefaultSourceName };
        var config = new Option<bool>("--config") { Description = "Also write a flowforge.toml listing every setting (commented out)." };
        var noLogger = new Option<bool>("--no-summary-logger") { Description = "Do not add the end-of-build summary line (Directory.Build.rsp and .flowforge/)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change; write nothing." };
        var command = new Command("init", "Set this repository up for FlowForge: package reference (Central Package Management aware), package source and source mapping, summary logger, optional flowforge.toml.")
        {
            path, version, source, sourceName, config, noLogger, dryRun,
        };
        command.SetAction(result => Run(new InitOptions(result.GetValue(path)!, result.GetValue(version) ?? ToolVersion(), result.GetValue(source),
            result.GetValue(sourceName)!, result.GetValue(config), !result.GetValue(noLogger), result.GetValue(dryRun)), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Runs init and prints each file with what changed; exit code 0, or 1 on an error (nothing written).</summary>
    public static int Run(InitOptions options, TextWriter output, TextWriter error, string? loggerAssembly = null)
    {
        var result = RepositoryInit.Run(options, loggerAssembly);
        foreach (var line in result.Errors) error.WriteLine(line);
        if (!result.Succeeded) return 1;
        foreach (var note in result.Notes) output.WriteLine(note);
        if (result.Edits.Count == 0)
        {
            output.WriteLine($"Nothing to change: {result.Root} is already set up for FlowForge.Build {options.PackageVersion}.");
        }
        else
        {
            output.WriteLine(options.DryRun ? "Would change (dry run, nothing written):" : "Changed:");
            foreach (var edit in result.Edits)
            {
                output.WriteLine($"  {(edit.Created ? "created" : "updated")} {Path.GetRelativePath(result.Root, edit.Path).Replace('\\', '/')}");
                foreach (var change in edit.Changes) output.WriteLine($"    {change}");
            }
            if (!options.DryRun)
                output.WriteLine("Commit these files; then dotnet build as usual. The last line of each build says what FlowForge did.");
        }
        foreach (var warning in result.Warnings) error.WriteLine(warning);
        return 0;
    }

    /// <summary>The tool's own package version (without the source revision the SDK may append after '+').</summary>
    private static string ToolVersion()
    {
        var informational = typeof(InitCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0";
        int plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }
}
