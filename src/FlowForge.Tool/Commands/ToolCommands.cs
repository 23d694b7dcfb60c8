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
        AddCache(commands);
        AddChunks(commands);
        AddReport(commands);
        AddInit(commands);
        return commands;
    }

    /// <summary>Implemented in GitCommands.cs (git, affected).</summary>
    static partial void AddGit(List<Command> commands);

    /// <summary>Implemented in ValidateCommand.cs (validate).</summary>
    static partial void AddTemplates(List<Command> commands);

    /// <summary>Implemented in ConfigCommand.cs (config).</summary>
    static partial void AddConfig(List<Command> commands);

    /// <summary>Implemented in CacheCommands.cs (cache stats|prune|clear|verify).</summary>
    static partial void AddCache(List<Command> commands);

    /// <summary>Implemented in ChunksCommand.cs (chunks).</summary>
    static partial void AddChunks(List<Command> commands);

    /// <summary>Implemented in ReportCommand.cs (report).</summary>
    static partial void AddReport(List<Command> commands);

    /// <summary>Implemented in InitCommand.cs (init).</summary>
    static partial void AddInit(List<Command> commands);
}
