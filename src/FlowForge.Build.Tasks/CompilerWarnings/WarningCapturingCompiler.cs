using System.Reflection;
using FlowForge.Caching;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.CompilerWarnings;

/// <summary>
/// The SDK's Csc task, run unchanged, wrapped so that the warnings it logs can be kept (see
/// <see cref="WarningCapturingCompilerFactory"/>). Parameters pass straight through to the real task. Only when
/// <c>ErrorLog</c> names a file called <see cref="CaptureFileName"/> (which FlowForge's targets set when the project has
/// no <c>ErrorLog</c> of its own) the compiler gets no <c>/errorlog</c>, and this task writes the warnings Csc logged
/// to that file as SARIF 2.1 after a successful compile. Any other <c>ErrorLog</c> (the user's) reaches the compiler.
/// </summary>
public sealed class WarningCapturingCompiler : ITask, IGeneratedTask, ICancelableTask
{
    /// <summary>The file name that asks for captured warnings instead of the compiler's own error log.</summary>
    public const string CaptureFileName = "compile.warnings.sarif";

    private readonly ITask _compiler;
    private readonly IReadOnlyDictionary<string, PropertyInfo> _properties;

    public WarningCapturingCompiler(ITask compiler, IReadOnlyDictionary<string, PropertyInfo> properties)
    {
        _compiler = compiler;
        _properties = properties;
    }

    public IBuildEngine BuildEngine { get; set; } = null!;

    public ITaskHost HostObject { get; set; } = null!;

    public void SetPropertyValue(TaskPropertyInfo property, object value) => _properties[property.Name].SetValue(_compiler, value);

    public object GetPropertyValue(TaskPropertyInfo property) => _properties[property.Name].GetValue(_compiler)!;

    /// <summary>Ctrl+C: MSBuild cancels the compiler process (or the server request) as it would without the wrapper.</summary>
    public void Cancel() => (_compiler as ICancelableTask)?.Cancel();

    public bool Execute()
    {
        var capturePath = CapturePath(_properties.TryGetValue("ErrorLog", out var errorLog) ? errorLog.GetValue(_compiler) as string : null);
        _compiler.HostObject = HostObject;
        if (capturePath is null)
        {
            _compiler.BuildEngine = BuildEngine;
            return _compiler.Execute();
        }

        errorLog!.SetValue(_compiler, null);
        // A stale log must never stand for this compile's warnings: gone before it runs, written only if it succeeds.
        TryDelete(capturePath);
        var recorder = new WarningRecordingBuildEngine(BuildEngine);
        _compiler.BuildEngine = recorder;
        bool succeeded = _compiler.Execute();
        if (succeeded) Write(capturePath, recorder.Warnings);
        return succeeded;
    }

    /// <summary>The file to write when <paramref name="errorLog"/> (<c>path[,version=…]</c>) asks for captured warnings; else null.</summary>
    public static string? CapturePath(string? errorLog)
    {
        if (string.IsNullOrWhiteSpace(errorLog)) return null;
        var path = errorLog.Split(',')[0].Trim();
        return string.Equals(Path.GetFileName(path), CaptureFileName, StringComparison.Ordinal) ? path : null;
    }

    private void Write(string path, IReadOnlyList<BuildWarningEventArgs> warnings)
    {
        // Csc logs files as the compiler printed them (full paths, as the SDK passes /fullpaths); anything relative is
        // relative to the project, as is the ErrorLog path itself.
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(BuildEngine.ProjectFileOfTaskNode))!;
        var full = Path.GetFullPath(path, projectDirectory);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var diagnostics = warnings.Select(w => ToDiagnostic(w, projectDirectory)).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(temp, SarifWriter.Write(diagnostics));
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException))
        {
            // Never fail a compile that succeeded. The store step then finds no log and keeps nothing (FF2014): the compile itself succeeded.
            TryDelete(temp);
            BuildEngine.LogMessageEvent(new BuildMessageEventArgs(
                $"FlowForge: the compile's warnings could not be written to '{full}' ({e.Message}); its outputs will not be stored in the build cache.",
                null, nameof(WarningCapturingCompiler), MessageImportance.Normal));
        }
    }

    /// <summary>A logged warning as the cache keeps it; a relative file is resolved against the project folder.</summary>
    public static CompilerDiagnostic ToDiagnostic(BuildWarningEventArgs warning, string projectDirectory)
    {
        string? file = string.IsNullOrEmpty(warning.File) ? null : Path.GetFullPath(warning.File, projectDirectory);
        return new CompilerDiagnostic(warning.Code ?? "", CompilerDiagnosticSeverity.Warning, warning.Message ?? "", file,
            warning.LineNumber, warning.ColumnNumber, warning.EndLineNumber, warning.EndColumnNumber,
            string.IsNullOrEmpty(warning.HelpLink) ? null : warning.HelpLink);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
