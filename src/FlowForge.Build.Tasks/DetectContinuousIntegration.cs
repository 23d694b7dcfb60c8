using FlowForge.Core.Configuration;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>Tells MSBuild whether this is a CI build (from the usual CI variables, or ContinuousIntegrationBuild=true).</summary>
public sealed class DetectContinuousIntegration : Infrastructure.FlowForgeTask
{
    public string? ContinuousIntegrationBuild { get; set; }

    [Output] public bool IsContinuousIntegration { get; private set; }
    /// <summary>What gave it away: a variable name, "ContinuousIntegrationBuild", or empty for a local build.</summary>
    [Output] public string Reason { get; private set; } = "";

    protected override void ExecuteCore()
    {
        if (string.Equals(ContinuousIntegrationBuild, "true", StringComparison.OrdinalIgnoreCase))
        {
            IsContinuousIntegration = true;
            Reason = "ContinuousIntegrationBuild";
            return;
        }
        Reason = ContinuousIntegration.DetectVariable() ?? "";
        IsContinuousIntegration = Reason.Length > 0;
    }
}
