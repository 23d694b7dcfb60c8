using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace FlowForge.EndToEnd.Tests.Infrastructure;

/// <summary>What a built assembly says about itself, read without loading it.</summary>
public static class AssemblyMetadata
{
    /// <summary>The AssemblyInformationalVersion of a built assembly, read with System.Reflection.Metadata (no loading).</summary>
    public static string InformationalVersion(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = reader.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (reader.GetString(type.Name) != "AssemblyInformationalVersionAttribute") continue;
            var blob = reader.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog 0x0001
            return blob.ReadSerializedString() ?? "";
        }
        throw new InvalidOperationException($"{assembly} has no AssemblyInformationalVersionAttribute.");
    }
}
