namespace FlowForge.Core.Fingerprints;

/// <summary>
/// Builds the canonical <see cref="CompileFingerprint"/> of a <see cref="CompileDescription"/>. File contents come
/// from <paramref name="hashOf"/> (the build's stat cache in practice): it returns the hex SHA-256 of a file, or a
/// marker such as "missing" that can never equal a hash.
/// </summary>
public static class CompileFingerprintBuilder
{
    public const string Missing = "missing";

    public static CompileFingerprint Build(CompileDescription description, Func<string, string> hashOf)
    {
        var paths = new PathCanonicalizer(description.ProjectDirectory, description.Roots);
        var components = new List<FingerprintComponent>(description.Files.Count + description.Options.Count + 32)
        {
            new(FingerprintSections.Schema, "version", CompileFingerprint.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(FingerprintSections.Compiler, "sdk", description.SdkVersion ?? ""),
        };
        foreach (var file in description.CompilerFiles)
        {
            if (string.IsNullOrEmpty(file)) continue;
            components.Add(new(FingerprintSections.Compiler, paths.Canonicalize(file), hashOf(Path.GetFullPath(file, paths.ProjectDirectory))));
        }

        // Options sorted by name: the fingerprint must not depend on the order a targets file lists them in.
        var options = new List<FingerprintComponent>(description.Options.Count + 1)
        {
            new(FingerprintSections.Option, "ProjectDirectory", paths.ProjectDirectoryAsCompiled(description.PathMap)),
        };
        foreach (var (name, value, kind) in description.Options)
        {
            var canonical = kind switch
            {
                OptionKind.Path => paths.Canonicalize(value ?? ""),
                OptionKind.PathList => paths.CanonicalizeList(value ?? ""),
                OptionKind.PathMap => paths.CanonicalizePathMap(value ?? ""),
                _ => value ?? "",
            };
            options.Add(new(FingerprintSections.Option, name, canonical));
        }
        components.AddRange(options.OrderBy(o => o.Key, StringComparer.Ordinal));

        foreach (var (name, path) in description.Outputs.OrderBy(o => o.Name, StringComparer.Ordinal))
            components.Add(new(FingerprintSections.Output, name, paths.CanonicalizeList(path ?? "")));

        // Files keep their order within a section (the order of @(Compile) changes the output), sections keep Csc's order.
        foreach (var file in description.Files)
        {
            var full = Path.GetFullPath(file.Path, paths.ProjectDirectory);
            var value = hashOf(full);
            if (file.Metadata.Count > 0)
            {
                var withMetadata = new System.Text.StringBuilder(value);
                foreach (var (name, metadataValue) in file.Metadata)
                    if (!string.IsNullOrEmpty(metadataValue)) withMetadata.Append(' ').Append(name).Append('=').Append(metadataValue);
                value = withMetadata.ToString();
            }
            components.Add(new(file.Section, paths.Canonicalize(full), value));
        }

        foreach (var (name, value) in description.Context.OrderBy(c => c.Name, StringComparer.Ordinal))
            components.Add(new(FingerprintSections.Context, name, value ?? ""));

        return new CompileFingerprint(components);
    }
}
