namespace FlowForge.Toml;

/// <summary>How serious a <see cref="TomlDiagnostic"/> is.</summary>
public enum TomlDiagnosticSeverity
{
    /// <summary>The document is not valid TOML 1.0; no model is produced.</summary>
    Error,

    /// <summary>The document is valid but something looks like a mistake.</summary>
    Warning,
}
