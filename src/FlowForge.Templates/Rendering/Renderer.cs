using System.Text;
using FlowForge.Templates.Evaluation;
using FlowForge.Templates.Syntax;
using FlowForge.Templates.Values;

namespace FlowForge.Templates.Rendering;

/// <summary>
/// Renders parsed nodes with variables into text plus an <see cref="OutputMap"/>. Stops at the first error
/// (<see cref="TemplateErrorException"/>: FF4003 undefined value written, FF4004 type errors).
/// </summary>
internal sealed class Renderer
{
    private readonly StringBuilder _output = new();
    private readonly OutputMap _map = new();
    private readonly Scope _scope;

    private Renderer(IReadOnlyDictionary<string, object?> variables) => _scope = new Scope(variables);

    public static (string Output, OutputMap Map) Render(IReadOnlyList<TemplateNode> nodes, IReadOnlyDictionary<string, object?> variables)
    {
        var renderer = new Renderer(variables);
        renderer.RenderNodes(nodes);
        return (renderer._output.ToString(), renderer._map);
    }

    private void RenderNodes(IReadOnlyList<TemplateNode> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    _map.Add(_output.Length, text.Text.Length, text.Offset, copied: true);
                    _output.Append(text.Text);
                    break;
                case OutputNode output:
                    Write(output);
                    break;
                case IfNode ifNode:
                {
                    var branch = ifNode.Branches.FirstOrDefault(b => TemplateValue.IsTruthy(ExpressionEvaluator.Unwrap(ExpressionEvaluator.Evaluate(b.Condition, _scope))));
                    if (branch is not null) RenderNodes(branch.Body);
                    else if (ifNode.Else is not null) RenderNodes(ifNode.Else);
                    break;
                }
                case ForNode forNode:
                    RenderFor(forNode);
                    break;
            }
        }
    }

    private void Write(OutputNode node)
    {
        var value = ExpressionEvaluator.Evaluate(node.Expression, _scope);
        string? text = value switch
        {
            RawText raw => raw.Text,
            Undefined => throw new TemplateErrorException(TemplateDiagnosticCodes.UndefinedVariable,
                $"'{ExpressionEvaluator.Describe(node.Expression)}' is not defined; define it or write '| default(...)'.", node.Expression.Offset),
            _ => TemplateValue.ToText(value),
        };
        if (text is null)
            throw new TemplateErrorException(TemplateDiagnosticCodes.RenderError,
                $"'{ExpressionEvaluator.Describe(node.Expression)}' is {TemplateValue.Described(value)}; write it with '| toml', '| json' or '| join(\", \")'.", node.Expression.Offset);
        _map.Add(_output.Length, text.Length, node.Offset, copied: false);
        _output.Append(text);
    }

    private void RenderFor(ForNode node)
    {
        var iterable = ExpressionEvaluator.Unwrap(ExpressionEvaluator.Evaluate(node.Iterable, _scope));
        List<(object? Key, object? Value)> items = iterable switch
        {
            IReadOnlyDictionary<string, object?> map => map.Select(p => ((object?)p.Key, p.Value)).ToList(),
            IReadOnlyList<object?> list => list.Select((v, i) => ((object?)(long)i, v)).ToList(),
            Undefined => throw new TemplateErrorException(TemplateDiagnosticCodes.UndefinedVariable,
                $"'{ExpressionEvaluator.Describe(node.Iterable)}' is not defined.", node.Iterable.Offset),
            _ => throw new TemplateErrorException(TemplateDiagnosticCodes.RenderError,
                $"Cannot loop over '{ExpressionEvaluator.Describe(node.Iterable)}', {TemplateValue.Described(iterable)}; loop over a list or a table.", node.Iterable.Offset),
        };
        if (node.KeyVariable is null && iterable is IReadOnlyDictionary<string, object?>)
            items = items.Select(p => (p.Key, p.Key)).ToList(); // `for k in table` iterates keys
        var frame = _scope.Push();
        try
        {
            for (int i = 0; i < items.Count; i++)
            {
                frame.Clear();
                if (node.KeyVariable is not null) frame[node.KeyVariable] = items[i].Key;
                frame[node.ValueVariable] = items[i].Value;
                frame["loop"] = new Dictionary<string, object?>
                {
                    ["index"] = (long)i + 1, ["index0"] = (long)i, ["first"] = i == 0, ["last"] = i == items.Count - 1, ["length"] = (long)items.Count,
                };
                RenderNodes(node.Body);
            }
        }
        finally
        {
            _scope.Pop();
        }
    }
}
