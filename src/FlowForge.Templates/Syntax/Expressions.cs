namespace FlowForge.Templates.Syntax;

/// <summary>An expression; <see cref="Offset"/> is where it starts in the template (the operator for binary expressions).</summary>
public abstract record Expression(int Offset);

/// <summary>A string, integer (long), float (double) or boolean literal.</summary>
public sealed record LiteralExpression(object Value, int Offset) : Expression(Offset);

/// <summary>A variable name.</summary>
public sealed record NameExpression(string Name, int Offset) : Expression(Offset);

/// <summary><c>target.name</c>; <see cref="Expression.Offset"/> is the name after the dot.</summary>
public sealed record MemberExpression(Expression Target, string Name, int Offset) : Expression(Offset);

/// <summary><c>target[index]</c>; <see cref="Expression.Offset"/> is the <c>[</c>.</summary>
public sealed record IndexExpression(Expression Target, Expression Index, int Offset) : Expression(Offset);

/// <summary><c>input | name(args)</c>; <see cref="Expression.Offset"/> is the filter name.</summary>
public sealed record FilterExpression(Expression Input, string Name, IReadOnlyList<Expression> Arguments, int Offset) : Expression(Offset);

/// <summary><c>not x</c> or <c>-x</c>.</summary>
public sealed record UnaryExpression(string Operator, Expression Operand, int Offset) : Expression(Offset);

/// <summary>Comparison, arithmetic, <c>~</c>, <c>in</c>, <c>and</c>, <c>or</c>.</summary>
public sealed record BinaryExpression(string Operator, Expression Left, Expression Right, int Offset) : Expression(Offset);

/// <summary><c>x is defined</c> / <c>x is not defined</c>.</summary>
public sealed record TestExpression(Expression Operand, string Test, bool Negated, int Offset) : Expression(Offset);

/// <summary><c>[a, b, c]</c>.</summary>
public sealed record ListExpression(IReadOnlyList<Expression> Items, int Offset) : Expression(Offset);
