using FlowForge.Templates.Syntax;
using FlowForge.Templates.Values;

namespace FlowForge.Templates.Evaluation;

/// <summary>
/// Evaluates expressions by walking the tree (no code generation). A missing name or key yields <see cref="Undefined"/>;
/// type errors throw <see cref="TemplateErrorException"/> (FF4004) at the offending expression.
/// </summary>
internal static class ExpressionEvaluator
{
    public static object? Evaluate(Expression expression, Scope scope)
    {
        switch (expression)
        {
            case LiteralExpression literal: return literal.Value;
            case NameExpression name: return scope.TryGet(name.Name, out var v) ? v : Undefined.Instance;
            case MemberExpression member:
            {
                var target = Evaluate(member.Target, scope);
                return target switch
                {
                    IReadOnlyDictionary<string, object?> map => map.TryGetValue(member.Name, out var value) ? value : Undefined.Instance,
                    Undefined => Undefined.Instance,
                    _ => throw Error(member.Offset, $"'{Describe(member.Target)}' is {TemplateValue.Described(target)}, so it has no key '{member.Name}'."),
                };
            }
            case IndexExpression index: return EvaluateIndex(index, scope);
            case FilterExpression filter: return EvaluateFilter(filter, scope);
            case UnaryExpression unary:
            {
                var operand = Evaluate(unary.Operand, scope);
                if (unary.Operator == "not") return !TemplateValue.IsTruthy(operand);
                return Unwrap(operand) switch
                {
                    long l => (object)(-l),
                    double d => -d,
                    var other => throw Error(unary.Offset, $"Cannot negate {TemplateValue.Described(other)}."),
                };
            }
            case TestExpression test:
            {
                bool defined = Evaluate(test.Operand, scope) is not Undefined;
                return defined != test.Negated;
            }
            case ListExpression list: return list.Items.Select(item => Unwrap(Evaluate(item, scope))).ToList();
            case BinaryExpression binary: return EvaluateBinary(binary, scope);
            default: throw new InvalidOperationException(expression.GetType().Name);
        }
    }

    /// <summary>Filter output is <see cref="RawText"/>; elsewhere it behaves as a string.</summary>
    public static object? Unwrap(object? value) => value is RawText raw ? raw.Text : value;

    private static object? EvaluateIndex(IndexExpression index, Scope scope)
    {
        var target = Evaluate(index.Target, scope);
        var key = Unwrap(Evaluate(index.Index, scope));
        switch (target)
        {
            case Undefined: return Undefined.Instance;
            case IReadOnlyDictionary<string, object?> map when key is string s:
                return map.TryGetValue(s, out var value) ? value : Undefined.Instance;
            case IReadOnlyList<object?> list when key is long i:
                if (i < 0) i += list.Count;
                if (i < 0 || i >= list.Count) throw Error(index.Offset, $"Index {key} is outside '{Describe(index.Target)}', which has {list.Count} item(s).");
                return list[(int)i];
            case string str when key is long i:
                if (i < 0) i += str.Length;
                if (i < 0 || i >= str.Length) throw Error(index.Offset, $"Index {key} is outside the string '{Describe(index.Target)}'.");
                return str[(int)i].ToString();
            default:
                throw Error(index.Offset, $"Cannot index {TemplateValue.Described(target)} with {TemplateValue.Described(key)}.");
        }
    }

    private static object? EvaluateFilter(FilterExpression filter, Scope scope)
    {
        var input = Evaluate(filter.Input, scope);
        if (filter.Name == "default")
        {
            bool orFalsy = filter.Arguments.Count > 1 && TemplateValue.IsTruthy(Evaluate(filter.Arguments[1], scope));
            if (input is Undefined || (orFalsy && !TemplateValue.IsTruthy(Unwrap(input)))) return Evaluate(filter.Arguments[0], scope);
            return input;
        }
        if (input is Undefined)
            throw new TemplateErrorException(TemplateDiagnosticCodes.UndefinedVariable,
                $"'{Describe(filter.Input)}' is not defined; give it a value or write '{Describe(filter.Input)} | default(...)'.", filter.Input.Offset);
        var arguments = filter.Arguments.Select(a => Evaluate(a, scope)).ToArray();
        Filters.TryGet(filter.Name, out var definition);
        try
        {
            return definition.Apply(filter.Name is "toml" or "json" ? Unwrap(input) : input, arguments);
        }
        catch (FilterException e)
        {
            throw Error(filter.Offset, e.Message);
        }
    }

    private static object? EvaluateBinary(BinaryExpression binary, Scope scope)
    {
        if (binary.Operator == "and")
            return TemplateValue.IsTruthy(Evaluate(binary.Left, scope)) && TemplateValue.IsTruthy(Evaluate(binary.Right, scope));
        if (binary.Operator == "or")
            return TemplateValue.IsTruthy(Evaluate(binary.Left, scope)) || TemplateValue.IsTruthy(Evaluate(binary.Right, scope));
        var left = Unwrap(Evaluate(binary.Left, scope));
        var right = Unwrap(Evaluate(binary.Right, scope));
        switch (binary.Operator)
        {
            case "==": return TemplateValue.AreEqual(left, right);
            case "!=": return !TemplateValue.AreEqual(left, right);
            case "<" or ">" or "<=" or ">=":
            {
                int c = Compare(binary, left, right);
                return binary.Operator switch { "<" => c < 0, ">" => c > 0, "<=" => c <= 0, _ => c >= 0 };
            }
            case "in":
                return right switch
                {
                    IReadOnlyList<object?> list => list.Any(item => TemplateValue.AreEqual(item, left)),
                    IReadOnlyDictionary<string, object?> map when left is string key => map.ContainsKey(key),
                    string s when left is string sub => s.Contains(sub, StringComparison.Ordinal),
                    _ => throw Error(binary.Offset, $"'in' needs a list, table or string on its right, not {TemplateValue.Described(right)}."),
                };
            case "~":
                return (TemplateValue.ToText(left) ?? throw Error(binary.Offset, $"Cannot concatenate {TemplateValue.Described(left)}."))
                     + (TemplateValue.ToText(right) ?? throw Error(binary.Offset, $"Cannot concatenate {TemplateValue.Described(right)}."));
            default:
                return Arithmetic(binary, left, right);
        }
    }

    private static int Compare(BinaryExpression binary, object? left, object? right)
    {
        switch (left, right)
        {
            case (long a, long b): return a.CompareTo(b);
            case (long a, double b): return ((double)a).CompareTo(b);
            case (double a, long b): return a.CompareTo(b);
            case (double a, double b): return a.CompareTo(b);
            case (string a, string b): return string.CompareOrdinal(a, b);
            default: throw Error(binary.Offset, $"Cannot compare {TemplateValue.Described(left)} with {TemplateValue.Described(right)} using '{binary.Operator}'.");
        }
    }

    private static object Arithmetic(BinaryExpression binary, object? left, object? right)
    {
        if (binary.Operator == "+" && left is string ls && right is string rs) return ls + rs;
        if (left is long a && right is long b)
        {
            switch (binary.Operator)
            {
                case "+": return a + b;
                case "-": return a - b;
                case "*": return a * b;
                case "/": if (b == 0) throw Error(binary.Offset, "Division by zero."); return a % b == 0 ? (object)(a / b) : (double)a / b;
                case "%": if (b == 0) throw Error(binary.Offset, "Division by zero."); return a % b;
            }
        }
        if (left is long or double && right is long or double)
        {
            double x = Convert.ToDouble(left, System.Globalization.CultureInfo.InvariantCulture), y = Convert.ToDouble(right, System.Globalization.CultureInfo.InvariantCulture);
            return binary.Operator switch { "+" => x + y, "-" => x - y, "*" => x * y, "/" => x / y, _ => x % y };
        }
        throw Error(binary.Offset, $"Cannot apply '{binary.Operator}' to {TemplateValue.Described(left)} and {TemplateValue.Described(right)}.");
    }

    /// <summary>The source-like text of a name path (<c>a.b[0]</c>) for messages.</summary>
    public static string Describe(Expression expression) => expression switch
    {
        NameExpression n => n.Name,
        MemberExpression m => Describe(m.Target) + "." + m.Name,
        IndexExpression i => Describe(i.Target) + "[" + (i.Index is LiteralExpression l ? (l.Value is string s ? "\"" + s + "\"" : TemplateValue.ToText(l.Value)) : "…") + "]",
        FilterExpression f => Describe(f.Input) + " | " + f.Name,
        LiteralExpression l => TemplateValue.ToText(l.Value) ?? "",
        _ => "expression",
    };

    private static TemplateErrorException Error(int offset, string message) => new(TemplateDiagnosticCodes.RenderError, message, offset);
}
