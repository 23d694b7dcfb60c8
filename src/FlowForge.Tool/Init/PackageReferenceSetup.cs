using System.Xml.Linq;

namespace FlowForge.Tool.Init;

/// <summary>
/// References FlowForge.Build for every project, the way the repository manages packages:
/// <list type="bullet">
/// <item>Central Package Management (ManagePackageVersionsCentrally=true): a <c>GlobalPackageReference</c> in
/// Directory.Packages.props (every project, private assets, version in one place). A PackageReference to FlowForge.Build
/// already in Directory.Build.props keeps working: it gets a <c>PackageVersion</c> and loses its Version attribute, the
/// NU1008 that following plain instructions gives under CPM.</item>
/// <item>Otherwise a <c>PackageReference</c> with <c>PrivateAssets="all"</c> in the root Directory.Build.props (created
/// if missing).</item>
/// </list>
/// A reference that is already there only has its version brought to the requested one.
/// </summary>
public static class PackageReferenceSetup
{
    public const string BuildProps = "Directory.Build.props";
    public const string PackagesProps = "Directory.Packages.props";

    /// <summary>Whether the repository uses Central Package Management: ManagePackageVersionsCentrally=true in its
    /// root Directory.Packages.props or Directory.Build.props (where repositories set it).</summary>
    public static bool UsesCentralPackageManagement(XmlFile? packagesProps, XmlFile? buildProps)
    {
        if (packagesProps is null) return false;
        foreach (var file in new[] { packagesProps, buildProps })
        {
            var value = file?.Descendants("ManagePackageVersionsCentrally").LastOrDefault()?.Value.Trim();
            if (value is not null) return string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    /// <summary>Plans the edits; adds to <paramref name="edits"/> and <paramref name="notes"/>; false on a malformed file.</summary>
    public static bool Plan(string root, string version, List<FileEdit> edits, List<string> notes, List<string> errors)
    {
        var buildPropsPath = Path.Combine(root, BuildProps);
        var packagesPropsPath = Path.Combine(root, PackagesProps);
        XmlFile? buildProps = null, packagesProps = null;
        if (File.Exists(buildPropsPath) && (buildProps = Load(buildPropsPath, errors)) is null) return false;
        if (File.Exists(packagesPropsPath) && (packagesProps = Load(packagesPropsPath, errors)) is null) return false;

        if (UsesCentralPackageManagement(packagesProps, buildProps))
        {
            notes.Add($"Central Package Management is on ({PackagesProps}): FlowForge.Build is referenced there.");
            PlanCentral(packagesProps!, buildProps, version, edits);
        }
        else
        {
            buildProps ??= XmlFile.New(buildPropsPath, "Project");
            var changes = new List<string>();
            var reference = FindItem(buildProps, "PackageReference");
            if (reference is null)
            {
                var group = buildProps.Append(buildProps.Root, buildProps.Element("ItemGroup"));
                buildProps.Append(group, buildProps.Element("PackageReference",
                    new XAttribute("Include", InitOptions.PackageId), new XAttribute("Version", version), new XAttribute("PrivateAssets", "all")));
                changes.Add($"PackageReference FlowForge.Build {version} (PrivateAssets=all) for every project");
            }
            else
            {
                SetVersion(reference, version, changes, "PackageReference");
            }
            if (buildProps.Edit(changes) is { } edit) edits.Add(edit);
        }
        return true;
    }

    private static void PlanCentral(XmlFile packagesProps, XmlFile? buildProps, string version, List<FileEdit> edits)
    {
        var changes = new List<string>();
        var buildChanges = new List<string>();
        var global = FindItem(packagesProps, "GlobalPackageReference");
        var central = FindItem(packagesProps, "PackageVersion");
        var direct = buildProps is null ? null : FindItem(buildProps, "PackageReference");

        if (global is not null) SetVersion(global, version, changes, "GlobalPackageReference");
        if (central is not null) SetVersion(central, version, changes, "PackageVersion");
        if (direct is not null && global is null)
        {
            // A PackageReference in Directory.Build.props: under CPM its version must come from a PackageVersion.
            if (central is null)
            {
                AppendItem(packagesProps, "PackageVersion", new XAttribute("Include", InitOptions.PackageId), new XAttribute("Version", version));
                changes.Add($"PackageVersion FlowForge.Build {version} (for the PackageReference in {BuildProps})");
            }
            if (XmlFile.Attribute(direct, "Version") is not null)
            {
                direct.Attributes().First(a => string.Equals(a.Name.LocalName, "Version", StringComparison.OrdinalIgnoreCase)).Remove();
                buildChanges.Add("PackageReference FlowForge.Build: Version removed (Central Package Management takes it from PackageVersion; NU1008 otherwise)");
            }
        }
        if (global is null && central is null && direct is null)
        {
            AppendItem(packagesProps, "GlobalPackageReference", new XAttribute("Include", InitOptions.PackageId), new XAttribute("Version", version));
            changes.Add($"GlobalPackageReference FlowForge.Build {version} (every project, private assets)");
        }
        if (packagesProps.Edit(changes) is { } edit) edits.Add(edit);
        if (buildProps?.Edit(buildChanges) is { } buildEdit) edits.Add(buildEdit);
    }

    /// <summary>Adds an item to the ItemGroup holding items of that type, or to a new ItemGroup at the end.</summary>
    private static void AppendItem(XmlFile file, string itemType, params object[] content)
    {
        var group = file.Descendants(itemType).Select(e => e.Parent).FirstOrDefault(p => p is not null && p.Name.LocalName == "ItemGroup" && p.Attribute("Condition") is null)
                    ?? file.Append(file.Root, file.Element("ItemGroup"));
        file.Append(group, file.Element(itemType, content));
    }

    /// <summary>The unconditioned item of this type for FlowForge.Build (Include or Update), if any.</summary>
    private static XElement? FindItem(XmlFile file, string itemType) =>
        file.Descendants(itemType).FirstOrDefault(e =>
            string.Equals((XmlFile.Attribute(e, "Include") ?? XmlFile.Attribute(e, "Update"))?.Trim(), InitOptions.PackageId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Brings the item's version (attribute or child element) to <paramref name="version"/>.</summary>
    private static void SetVersion(XElement item, string version, List<string> changes, string what)
    {
        var attribute = item.Attributes().FirstOrDefault(a => string.Equals(a.Name.LocalName, "Version", StringComparison.OrdinalIgnoreCase));
        var element = item.Elements().FirstOrDefault(e => string.Equals(e.Name.LocalName, "Version", StringComparison.OrdinalIgnoreCase));
        var current = attribute?.Value ?? element?.Value;
        if (current is null)
        {
            // A PackageReference without a version under CPM is served by PackageVersion; nothing to set here.
            return;
        }
        if (current.Trim() == version) return;
        if (attribute is not null) attribute.Value = version;
        else element!.Value = version;
        changes.Add($"{what} FlowForge.Build: version {current.Trim()} → {version}");
    }

    private static XmlFile? Load(string path, List<string> errors)
    {
        var file = XmlFile.Load(path, "Project", out var problem);
        if (problem is not null) errors.Add(problem);
        return file;
    }
}
