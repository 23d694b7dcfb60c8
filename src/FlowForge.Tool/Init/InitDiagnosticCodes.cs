namespace FlowForge.Tool.Init;

/// <summary>
/// Codes of <c>dotnet flowforge init</c> (FF52xx: the repository's build configuration). Each message names the file and
/// what to do; init changes nothing when it reports an error.
/// </summary>
public static class InitDiagnosticCodes
{
    /// <summary>Error: a file init must edit (Directory.Build.props, Directory.Packages.props, nuget.config) is not well-formed XML, or its root element is not the expected one. Fix: correct the file (the message gives line and column) and run init again; nothing was changed.</summary>
    public const string MalformedFile = "FF5201";

    /// <summary>Error: init was given a folder that does not exist, or a package version that is not a NuGet version. Fix: run it in the repository (or pass its folder) and give --version as e.g. 1.2.0 or 1.2.0-preview.1.</summary>
    public const string InvalidArgument = "FF5202";

    /// <summary>Error: a file init must write could not be written (permissions, a folder of that name, the disk). Fix: make the file writable and run init again; files already written are correct on their own and a second run completes the rest.</summary>
    public const string WriteFailed = "FF5203";

    /// <summary>Warning: package source mapping is on and no source is mapped for FlowForge.Build while none was given to init; restore would fail with NU1101. Fix: run init with --source &lt;feed&gt; (the source that holds FlowForge.Build), or map FlowForge.* to that source in nuget.config.</summary>
    public const string UnmappedPackage = "FF5204";
}
