using FlowForge.Core.Fingerprints;

namespace FlowForge.Core.Tests;

/// <summary>FF1006 is for a property that takes a new value build after build, never for a user switching back.</summary>
public class PropertyMemoryTests
{
    private static CompileFingerprint With(string property, string value) => new(
    [
        new FingerprintComponent(FingerprintSections.Option, property, value),
        new FingerprintComponent(FingerprintSections.Compile, "A.cs", "hash-of-a"),
    ]);

    /// <summary>Runs a sequence of compiles that each change only <paramref name="property"/>, recording the state as
    /// the gate does; returns, per build, the volatile properties the gate would warn about.</summary>
    private static List<IReadOnlyList<ComponentChange>> Builds(string property, params string[] values)
    {
        var warnings = new List<IReadOnlyList<ComponentChange>>();
        CompileState? state = null;
        CompileFingerprint? previous = null;
        foreach (var value in values)
        {
            var current = With(property, value);
            var diff = previous is null ? null : FingerprintDiff.Compare(previous, current);
            warnings.Add(diff is not null && state is not null ? CompileGate.VolatileProperties(diff, state, "obj/") : []);
            var memory = PropertyMemory.After(diff, state, "obj/");
            state = new CompileState { Fingerprint = current.HashText, PropertyOnlyChanges = memory.ChangedAlone, PropertyValuesSeen = memory.ValuesSeen };
            previous = current;
        }
        return warnings;
    }

    [Fact]
    public void AValueNewInEveryBuildIsVolatileFromTheThirdBuildOn()
    {
        var warnings = Builds("Version", "1.0.101", "1.0.202", "1.0.303", "1.0.404");
        Assert.Empty(warnings[0]);
        Assert.Empty(warnings[1]);
        var third = Assert.Single(warnings[2]);
        Assert.Equal(("Version", "1.0.202", "1.0.303"), (third.Key, third.Previous, third.Current));
        Assert.Single(warnings[3]);
    }

    [Fact]
    public void SwitchingBackToAValueSeenBeforeIsNotVolatile()
    {
        // -p:Optimize=true, then without it, then with it again: a user's switch, not a timestamp in a version.
        var warnings = Builds("Optimize", "false", "true", "false", "true", "false");
        Assert.All(warnings, Assert.Empty);
    }

    [Fact]
    public void ANewValueAfterSwitchesIsVolatileAgain()
    {
        var warnings = Builds("DefineConstants", "A", "B", "A", "C");
        Assert.Empty(warnings[2]);
        Assert.Equal("C", Assert.Single(warnings[3]).Current);
    }

    [Fact]
    public void ASourceChangeForgetsWhatChangedAloneAndTheValuesAreBounded()
    {
        var v1 = With("Version", "1");
        var edited = new CompileFingerprint(
        [
            new FingerprintComponent(FingerprintSections.Option, "Version", "2"),
            new FingerprintComponent(FingerprintSections.Compile, "A.cs", "hash-of-a-edited"),
        ]);
        var memory = PropertyMemory.After(FingerprintDiff.Compare(v1, edited), null, "obj/");
        Assert.Empty(memory.ChangedAlone);
        Assert.Empty(memory.ValuesSeen);

        CompileState? state = null;
        var previous = With("Version", "0");
        for (int i = 1; i <= PropertyMemory.MaxValuesPerProperty + 10; i++)
        {
            var current = With("Version", i.ToString());
            memory = PropertyMemory.After(FingerprintDiff.Compare(previous, current), state, "obj/");
            state = new CompileState { Fingerprint = current.HashText, PropertyOnlyChanges = memory.ChangedAlone, PropertyValuesSeen = memory.ValuesSeen };
            previous = current;
        }
        Assert.Equal(PropertyMemory.MaxValuesPerProperty, memory.ValuesSeen["Version"].Count);
        Assert.Equal((PropertyMemory.MaxValuesPerProperty + 10).ToString(), memory.ValuesSeen["Version"][^1]);
    }
}
