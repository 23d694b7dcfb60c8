using System.CommandLine;

namespace FlowForge.Tool.Commands;

/// <summary>The commands beyond `changes`, one file each; registered here so Program stays a one-liner per command.</summary>
internal static partial class ToolCommands
{
    public static IEnumerable<Command> Additional()
    {
        var commands = new List<Command>();
        AddGit(commands);
        AddTemplates(commands);
        AddConfig(commands);
        return commands;
    }

    /// <summary>Implemented in GitCommands.cs (git, affected).</summary>
    static partial void AddGit(List<Command> commands);

    /// <summary>Implemented in ValidateCommand.cs (validate).</summary>
    static partial void AddTemplates(List<Command> commands);

    /// <summary>Implemented in ConfigCommand.cs (config).</summary>
    static partial void AddConfig(List<Command> commands);
}
