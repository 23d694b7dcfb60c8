using System.CommandLine;
using FlowForge.Tool.Commands;

namespace FlowForge.Tool;

public static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    /// <summary>The command tree; tests call it directly to run commands in-process.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("dotnet flowforge: explains and manages what FlowForge.Build did in your builds.");
        root.Subcommands.Add(ChangesCommand.Create());
        foreach (var command in ToolCommands.Additional()) root.Subcommands.Add(command);
        return root;
    }
}
