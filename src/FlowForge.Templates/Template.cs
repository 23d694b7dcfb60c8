using FlowForge.Templates.Analysis;
using FlowForge.Templates.Rendering;
using FlowForge.Templates.Syntax;
using FlowForge.Templates.Values;

namespace FlowForge.Templates;

/// <summary>
/// A parsed template. <see cref="Parse"/> never throws: syntax errors are in <see cref="Diagnostics"/> (the first one stops the parse).
/// <see cref="Analyze"/> is the dry run over every branch; <see cref="Render"/> renders with an output→template position map.
/// </summary>
public sealed class Template
{
    private Template(SourceText source, string? path, IReadOnlyList<TemplateNode> nodes, IReadOnlyList<TemplateDiagnostic> diagnostics)
    {
        Source = source;
        Path = path;
        Nodes = nodes;
        Diagnostics = diagnostics;
    }

    public SourceText Source { get; }

    /// <summary>The template file, used as the origin of diagnostics.</summary>
    public string? Path { get; }

    public IReadOnlyList<TemplateNode> Nodes { get; }

    public IReadOnlyList<TemplateDiagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static Template Parse(string text, string? path = null)
    {
        var source = new SourceText(text);
        try
        {
            return new Template(source, path, Parser.Parse(text), Array.Empty<TemplateDiagnostic>());
        }
        catch (TemplateErrorException e)
        {
            return new Template(source, path, Array.Empty<TemplateNode>(), [Diagnostic(source, path, e)]);
        }
    }

    /// <summary>The position in the template of a character offset.</summary>
    public TemplatePosition PositionOf(int offset) => Source.GetPosition(offset);

    /// <summary>Dry run: FF4003 for every undefined name in every branch.</summary>
    public IReadOnlyList<TemplateDiagnostic> Analyze(TemplateVariables variables)
        => DryRunAnalyzer.Analyze(Nodes, variables.Values)
            .Select(p => TemplateDiagnostic.Error(TemplateDiagnosticCodes.UndefinedVariable, p.Message, Path, Source.GetPosition(p.Offset)))
            .ToList();

    /// <summary>Renders; on error the result has no output and one diagnostic.</summary>
    public RenderResult Render(TemplateVariables variables)
    {
        if (HasErrors) return new RenderResult(null, null, Diagnostics);
        try
        {
            var (output, map) = Renderer.Render(Nodes, variables.Values);
            return new RenderResult(output, map, Array.Empty<TemplateDiagnostic>());
        }
        catch (TemplateErrorException e)
        {
            return new RenderResult(null, null, [Diagnostic(Source, Path, e)]);
        }
    }

    private static TemplateDiagnostic Diagnostic(SourceText source, string? path, TemplateErrorException e)
        => TemplateDiagnostic.Error(e.Code, e.Message, path, source.GetPosition(e.Offset));
}

/// <summary>The rendered text and its position map, or the diagnostics that stopped rendering.</summary>
public sealed record RenderResult(string? Output, OutputMap? Map, IReadOnlyList<TemplateDiagnostic> Diagnostics)
{
    public bool Succeeded => Output is not null;
}
