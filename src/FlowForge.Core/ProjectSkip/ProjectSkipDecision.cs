namespace FlowForge.Core.ProjectSkip;

/// <summary>What project skip decided for one project build (one target framework).</summary>
public sealed record ProjectSkipDecision(string Outcome, IReadOnlyList<string> Reasons)
{
    /// <summary>Values of <see cref="Outcome"/>, as the record and the log say them.</summary>
    public static class Outcomes
    {
        /// <summary>Inputs and outputs unchanged: none of the project's build targets ran.</summary>
        public const string Skipped = "skipped";
        /// <summary>The project's targets ran (the reasons say why).</summary>
        public const string Built = "built";
        /// <summary>Project skip cannot model this project's build (the reason says what); it builds as without it.</summary>
        public const string NotEligible = "not-eligible";
        /// <summary>FlowForgeProjectSkip=false.</summary>
        public const string Off = "off";
    }

    public bool IsSkip => Outcome == Outcomes.Skipped;

    /// <summary>The log line after "FlowForge project skip: ".</summary>
    public string Describe() => Outcome switch
    {
        Outcomes.Skipped => "skipped whole project (inputs and outputs unchanged)",
        Outcomes.Built => "built (" + string.Join("; ", Reasons) + ")",
        Outcomes.NotEligible => "not eligible (" + string.Join("; ", Reasons) + ")",
        _ => "off",
    };

    public static ProjectSkipDecision NotEligible(string reason) => new(Outcomes.NotEligible, [reason]);

    /// <summary>
    /// The decision for an eligible project: skip only when a previous real build recorded the same fingerprint and its
    /// outputs are intact (<paramref name="outputDifference"/> null, computed only when the fingerprints are equal).
    /// </summary>
    public static ProjectSkipDecision Decide(ProjectFingerprint current, ProjectSkipState? previous, Func<ProjectSkipState, string?> outputDifference, string projectDirectory)
    {
        if (previous is null) return new(Outcomes.Built, ["no previous build recorded"]);
        if (previous.Fingerprint != current.Value)
            return new(Outcomes.Built, DescribeChanges(previous.Components, current.Components, projectDirectory));
        if (outputDifference(previous) is { } difference) return new(Outcomes.Built, ["outputs: " + difference]);
        return new(Outcomes.Skipped, []);
    }

    /// <summary>What differs between two fingerprints' components, at most <paramref name="limit"/> lines.</summary>
    public static List<string> DescribeChanges(IReadOnlyDictionary<string, string> previous, IReadOnlyDictionary<string, string> current, string projectDirectory, int limit = 5)
    {
        var lines = new List<string>();
        foreach (var key in previous.Keys.Union(current.Keys).Order(StringComparer.Ordinal))
        {
            previous.TryGetValue(key, out var before);
            current.TryGetValue(key, out var after);
            if (before == after) continue;
            lines.Add(Describe(key, before, after, projectDirectory));
        }
        if (lines.Count == 0) return ["fingerprint format changed"];
        if (lines.Count > limit) lines = [.. lines.Take(limit), $"and {lines.Count - limit} more"];
        return lines;
    }

    private static string Describe(string key, string? before, string? after, string projectDirectory)
    {
        var colon = key.IndexOf(':');
        var kind = key[..colon];
        var name = key[(colon + 1)..];
        if (kind == "file")
        {
            var relative = Path.GetRelativePath(projectDirectory, name);
            var shown = (relative.StartsWith("..", StringComparison.Ordinal) && Path.IsPathRooted(relative) ? name : relative).Replace('\\', '/');
            bool wasThere = before is not null && before != ProjectFingerprint.MissingFile;
            bool isThere = after is not null && after != ProjectFingerprint.MissingFile;
            return !wasThere ? "file added: " + shown : !isThere ? "file removed: " + shown : "file changed: " + shown;
        }
        return kind switch
        {
            "items" => $"item list changed: {name}",
            "value" => $"{name} changed",
            "reference" => $"reference changed: {Path.GetFileNameWithoutExtension(name)}",
            _ => $"{key} changed",
        };
    }
}
