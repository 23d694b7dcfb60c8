namespace FlowForge.Templates.Syntax;

/// <summary>A template statement; <see cref="Offset"/> is its start in the template (the <c>{{</c> or <c>{%</c>).</summary>
public abstract record TemplateNode(int Offset);

/// <summary>Text copied to the output as is; <see cref="TemplateNode.Offset"/> is the offset of its first kept character.</summary>
public sealed record TextNode(string Text, int Offset) : TemplateNode(Offset);

/// <summary><c>{{ expression }}</c>.</summary>
public sealed record OutputNode(Expression Expression, int Offset) : TemplateNode(Offset);

/// <summary>One <c>if</c>/<c>elif</c> branch.</summary>
public sealed record IfBranch(Expression Condition, IReadOnlyList<TemplateNode> Body, int Offset);

/// <summary><c>{% if %}…{% elif %}…{% else %}…{% endif %}</c>.</summary>
public sealed record IfNode(IReadOnlyList<IfBranch> Branches, IReadOnlyList<TemplateNode>? Else, int Offset) : TemplateNode(Offset);

/// <summary><c>{% for item in items %}</c> or <c>{% for key, value in table %}</c>.</summary>
public sealed record ForNode(string? KeyVariable, string ValueVariable, Expression Iterable, IReadOnlyList<TemplateNode> Body, int Offset) : TemplateNode(Offset);
