using System.Xml.Linq;

namespace FlowForge.Tool.Affected;

/// <summary>
/// Writes a traversal project: a plain MSBuild project whose ProjectReferences are the affected projects and
/// whose Restore, Build, Rebuild, Clean, Test (VSTest) and Pack targets forward to them, so
/// <c>dotnet build affected.proj</c> and <c>dotnet test affected.proj</c> work without any SDK package.
/// </summary>
public static class TraversalProject
{
    public static void Write(string file, IEnumerable<string> projects)
    {
        var directory = Path.GetDirectoryName(file)!;
        Directory.CreateDirectory(directory);
        var references = projects.Select(p => new XElement("ProjectReference",
            new XAttribute("Include", Path.GetRelativePath(directory, p).Replace('\\', '/'))));

        static XElement Forward(string name, string targets, bool parallel, string? dependsOn = null)
        {
            var target = new XElement("Target", new XAttribute("Name", name));
            if (dependsOn is not null) target.Add(new XAttribute("DependsOnTargets", dependsOn));
            target.Add(new XElement("MSBuild",
                new XAttribute("Projects", "@(ProjectReference)"),
                new XAttribute("Targets", targets),
                new XAttribute("BuildInParallel", parallel ? "true" : "false"),
                new XAttribute("SkipNonexistentProjects", "false")));
            return target;
        }

        var document = new XDocument(
            new XComment(" Written by dotnet flowforge affected: the projects affected by a change. Build with dotnet build/test <this file>. "),
            new XElement("Project", new XAttribute("DefaultTargets", "Build"),
                new XElement("ItemGroup", references),
                // Restore one project at a time: projects of one closure share obj/ files of common references.
                Forward("Restore", "Restore", parallel: false),
                Forward("Build", "Build", parallel: true),
                Forward("Rebuild", "Rebuild", parallel: true),
                Forward("Clean", "Clean", parallel: true),
                Forward("VSTest", "VSTest", parallel: false),
                new XElement("Target", new XAttribute("Name", "Test"), new XAttribute("DependsOnTargets", "VSTest")),
                Forward("Pack", "Pack", parallel: true)));
        var temporary = file + ".tmp";
        document.Save(temporary);
        File.Move(temporary, file, overwrite: true);
    }
}
