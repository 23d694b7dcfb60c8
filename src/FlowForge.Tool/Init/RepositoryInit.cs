using FlowForge.Core.Configuration;

namespace FlowForge.Tool.Init;

/// <summary>
/// <c>dotnet flowforge init</c>: sets a repository up to build with FlowForge. It plans every edit first (package
/// reference as the repository manages packages, package source and source mapping, optionally flowforge.toml and the
/// summary logger), reports what it would change, and writes only when not a dry run and no file was malformed. A file
/// whose content would not change is not an edit, so running init twice changes nothing the second time.
/// </summary>
public static class RepositoryInit
{
    /// <param name="Root">The folder set up (the repository root).</param>
    /// <param name="Edits">Files created or changed (or that would be, in a dry run).</param>
    /// <param name="Notes">What init found and left as it is.</param>
    /// <param name="Warnings">Coded warnings: the setup is written but something needs the user.</param>
    /// <param name="Errors">Coded errors: nothing was written.</param>
    public sealed record Result(string Root, IReadOnlyList<FileEdit> Edits, IReadOnlyList<string> Notes, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    /// <param name="loggerAssembly">The summary logger's assembly to copy (default: the one shipped with the tool).</param>
    public static Result Run(InitOptions options, string? loggerAssembly = null)
    {
        var edits = new List<FileEdit>();
        var notes = new List<string>();
        var warnings = new List<string>();
        var errors = new List<string>();
        var folder = Path.GetFullPath(options.Folder);
        if (!Directory.Exists(folder))
            return new Result(folder, [], [], [], [$"error {InitDiagnosticCodes.InvalidArgument}: folder '{options.Folder}' does not exist. Run init inside the repository or pass its folder."]);
        if (!IsNuGetVersion(options.PackageVersion))
            return new Result(folder, [], [], [], [$"error {InitDiagnosticCodes.InvalidArgument}: '{options.PackageVersion}' is not a package version. Pass --version as e.g. 1.2.0 or 1.2.0-preview.1."]);

        var root = FlowForgePaths.FindRepositoryRoot(folder) ?? folder;
        if (!string.Equals(root, folder, StringComparison.Ordinal)) notes.Add($"Setting up the repository root {root}.");

        // Every plan first; nothing is written when any file is malformed.
        PackageReferenceSetup.Plan(root, options.PackageVersion, edits, notes, errors);
        NuGetConfigSetup.Plan(root, options.Source, options.SourceName, Environment.CurrentDirectory, edits, notes, errors, warnings);
        if (options.WriteConfig) ConfigFileSetup.Plan(root, edits, notes);
        if (options.SummaryLogger) SummaryLoggerSetup.Plan(root, loggerAssembly ?? SummaryLoggerSetup.BundledAssembly, edits, errors);
        if (errors.Count > 0) return new Result(root, [], notes, warnings, errors);
        if (options.DryRun) return new Result(root, edits, notes, warnings, errors);

        foreach (var edit in edits)
        {
            try
            {
                edit.Write();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"error {InitDiagnosticCodes.WriteFailed}: {edit.Path} could not be written ({e.Message}). Make it writable and run init again; a second run completes the rest.");
                return new Result(root, edits.TakeWhile(x => x != edit).ToList(), notes, warnings, errors);
            }
        }
        return new Result(root, edits, notes, warnings, errors);
    }

    /// <summary>A NuGet version: 2 to 4 numeric parts, optionally a pre-release label and build metadata.</summary>
    public static bool IsNuGetVersion(string version) =>
        System.Text.RegularExpressions.Regex.IsMatch(version, @"^\d+(\.\d+){1,3}(-[0-9A-Za-z][0-9A-Za-z.-]*)?(\+[0-9A-Za-z.-]+)?$");
}
