using System.CommandLine;
using System.Text.Json;
using FlowForge.Git;
using FlowForge.Tool.Affected;
using Spectre.Console;

namespace FlowForge.Tool.Commands;

internal static partial class ToolCommands
{
    static partial void AddGit(List<Command> commands)
    {
        commands.Add(GitCommand.Create());
        commands.Add(AffectedCommand.Create());
    }
}

/// <summary><c>dotnet flowforge git [path] [--json]</c>: what a build would stamp from git.</summary>
public static class GitCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "A folder inside the repository. Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var json = new Option<bool>("--json") { Description = "Print the git info as JSON, for scripts and CI." };
        var command = new Command("git", "Show the git information FlowForge gives a build (commit, branch, dirty state, describe, shallow/worktree/submodule).")
        {
            path, json,
        };
        command.SetAction(result => Run(result.GetValue(path)!, result.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, bool json, TextWriter output, TextWriter error, GitInfoOptions? options = null)
    {
        var folder = Path.GetFullPath(path);
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"error FF9002: folder '{path}' does not exist. Pass a folder inside a git repository.");
            return 2;
        }
        var info = GitInfoProvider.Read(folder, options);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(info, ToolJson.Options));
            return 0;
        }
        foreach (var warning in info.Warnings)
            error.WriteLine($"{(warning.Severity == FlowForge.Core.Diagnostics.DiagnosticSeverity.Warning ? "warning" : "info")} {warning.Code}: {warning.Message}");
        if (!info.IsRepository) return 0;

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Property").AddColumn("Value");
        void Row(string name, string? value) => table.AddRow(Markup.Escape(name), Markup.Escape(value ?? "-"));
        static string? Flag(bool? value) => value switch { true => "true", false => "false", null => null };
        Row("FlowForgeGitCommit", info.Commit);
        Row("FlowForgeGitShortCommit", info.ShortCommit);
        Row("FlowForgeGitBranch", info.Branch is null ? null : info.BranchSource is "HEAD" or null ? info.Branch : $"{info.Branch} (from {info.BranchSource})");
        Row("FlowForgeGitDirty", Flag(info.IsDirty));
        Row("FlowForgeGitCommitDate", info.CommitDate);
        Row("FlowForgeGitDescribe", info.Describe);
        Row("FlowForgeGitIsShallow", Flag(info.IsShallow));
        Row("Detached HEAD", Flag(info.IsDetached));
        Row("Worktree", Flag(info.IsWorktree));
        Row("Submodule", Flag(info.IsSubmodule));
        Row("Object format", info.ObjectFormat);
        Row("Upstream", info.Upstream is null ? null : $"{info.Upstream} (ahead {info.Ahead ?? 0}, behind {info.Behind ?? 0})");
        Row("Untracked files", info.UntrackedFiles?.ToString());
        Row("Remote URL", info.RemoteUrl);
        Row("Repository root", info.RepositoryRoot);
        console.Write(table);
        return 0;
    }
}

/// <summary><c>dotnet flowforge affected [--base &lt;ref&gt;] [--head &lt;ref&gt;] [--project &lt;sln|proj&gt;] [--json | --traversal &lt;file&gt;]</c>.</summary>
public static class AffectedCommand
{
    public static Command Create()
    {
        var baseRef = new Option<string?>("--base") { Description = "The ref the change is compared with, e.g. origin/main. Changes count from the merge base. Default: git.baseRef of flowforge.toml when set, else the remote's default branch (origin/HEAD), else the first existing of origin/main, origin/master, main, master." };
        var headRef = new Option<string?>("--head") { Description = "The ref with the change. Default: the working tree (committed, staged, unstaged and untracked changes)." };
        var project = new Option<string?>("--project") { Description = "The solution or project to take the project graph from. Default: the one solution or project file in the current folder." };
        var json = new Option<bool>("--json") { Description = "Print changed files and affected projects (with reasons) as JSON." };
        var traversal = new Option<string?>("--traversal") { Description = "Write a traversal project with the affected projects to this file, for dotnet build / dotnet test." };
        var command = new Command("affected", "List the projects a change affects: projects whose inputs changed, plus everything that depends on them.")
        {
            baseRef, headRef, project, json, traversal,
        };
        command.SetAction(result => Run(new AffectedRequest(
            result.GetValue(baseRef), result.GetValue(headRef), result.GetValue(project), result.GetValue(json), result.GetValue(traversal),
            Environment.CurrentDirectory), Console.Out, Console.Error));
        return command;
    }

    public static int Run(AffectedRequest request, TextWriter output, TextWriter error)
    {
        if (request.Json && request.Traversal is not null)
        {
            error.WriteLine("error FF9002: --json and --traversal cannot be combined; pick one output.");
            return 2;
        }
        var entries = AffectedAnalysis.FindEntryPoints(request.Project, request.WorkingDirectory, out var problem);
        if (entries is null)
        {
            error.WriteLine($"error FF9002: {problem}");
            return 2;
        }
        if (entries.Count > 1 && !request.Json)
            error.WriteLine($"Reading the projects of {string.Join(", ", entries.Select(Path.GetFileName))}; pass --project to use one.");

        var baseRef = request.BaseRef ?? DefaultBase(request.WorkingDirectory, request.Json ? null : error);
        var result = AffectedAnalysis.Run(entries, baseRef, request.HeadRef);
        foreach (var warning in result.Warnings) error.WriteLine($"warning {warning.Code}: {warning.Message}");

        var relative = result.Projects.Select(p => Relative(p.Path, request.WorkingDirectory)).ToList();
        if (request.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                @base = baseRef,
                head = request.HeadRef,
                mergeBase = result.MergeBase,
                entryPoint = string.Join(";", entries.Select(e => Relative(e, request.WorkingDirectory))),
                allProjects = result.AllProjects,
                changedFiles = result.ChangedFiles,
                projects = result.Projects.Select(p => new { path = Relative(p.Path, request.WorkingDirectory), reasons = p.Reasons }),
                warnings = result.Warnings.Select(w => new { code = w.Code, message = w.Message }),
            }, ToolJson.Options));
            return 0;
        }
        if (request.Traversal is not null)
        {
            var file = Path.GetFullPath(request.Traversal, request.WorkingDirectory);
            TraversalProject.Write(file, result.Projects.Select(p => p.Path));
            error.WriteLine($"{result.Projects.Count} affected project(s) written to {Relative(file, request.WorkingDirectory)}.");
            return 0;
        }
        foreach (var line in relative) output.WriteLine(line);
        // On the error stream, so a script reading the list still gets an empty one.
        if (relative.Count == 0)
            error.WriteLine($"No project is affected: {result.ChangedFiles.Count} file(s) changed since {baseRef}, none of them an input of a project.");
        return 0;
    }

    private static string Relative(string path, string baseDirectory) => Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');

    /// <summary>
    /// The base when --base is not given: git.baseRef of the flowforge.toml that applies to the folder when it sets one
    /// (the environment cannot set it), else the repository's default branch (<see cref="DefaultBaseRef"/>), else
    /// origin/main, whose absence then gives FF3009 and "every project affected". Says which one it took.
    /// </summary>
    private static string DefaultBase(string workingDirectory, TextWriter? note)
    {
        var config = FlowForge.Config.FlowForgeConfig.Load(workingDirectory);
        if (config["git.baseRef"].Source != FlowForge.Config.ConfigValueSource.Default)
        {
            note?.WriteLine($"Comparing with {config.Settings.GitBaseRef} (git.baseRef of flowforge.toml).");
            return config.Settings.GitBaseRef;
        }
        var resolved = DefaultBaseRef.Resolve(workingDirectory);
        if (resolved.Ref is null)
        {
            note?.WriteLine($"No default base found ({resolved.How}); comparing with {config.Settings.GitBaseRef}. Pass --base <ref>.");
            return config.Settings.GitBaseRef;
        }
        note?.WriteLine($"Comparing with {resolved.Ref} ({resolved.How}); pass --base <ref> to choose.");
        return resolved.Ref;
    }
}

/// <param name="BaseRef">The ref to compare with; null for the default (flowforge.toml, origin/HEAD, main/master).</param>
public sealed record AffectedRequest(string? BaseRef, string? HeadRef, string? Project, bool Json, string? Traversal, string WorkingDirectory);
