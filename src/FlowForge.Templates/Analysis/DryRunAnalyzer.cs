using FlowForge.Templates.Syntax;

namespace FlowForge.Templates.Analysis;

/// <summary>
/// The dry run: visits every branch of every <c>if</c> (taken or not) and every loop body (even of an empty list), and
/// reports each use of a name that is not defined (FF4003). Loop variables and <c>loop</c> are defined inside their loop only.
/// A name is not required where it is tested (<c>x is defined</c>), where it is the input of <c>default</c>, and inside a branch
/// whose condition requires <c>x is defined</c> (<c>{% if x is defined and … %}</c>). Keys of table variables
/// (<c>server.port</c>) are checked against the variables' values when the path has only names.
/// </summary>
internal sealed class DryRunAnalyzer
{
    private readonly IReadOnlyDictionary<string, object?> _variables;
    private readonly List<HashSet<string>> _locals = new();
    private readonly List<HashSet<string>> _guards = new();
    private readonly List<(int Offset, string Message)> _problems = new();

    private DryRunAnalyzer(IReadOnlyDictionary<string, object?> variables) => _variables = variables;

    public static List<(int Offset, string Message)> Analyze(IReadOnlyList<TemplateNode> nodes, IReadOnlyDictionary<string, object?> variables)
    {
        var analyzer = new DryRunAnalyzer(variables);
        analyzer.VisitNodes(nodes);
        return analyzer._problems;
    }

    private void VisitNodes(IReadOnlyList<TemplateNode> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case OutputNode output: VisitExpression(output.Expression); break;
                case IfNode ifNode:
                    foreach (var branch in ifNode.Branches)
                    {
                        VisitExpression(branch.Condition);
                        var guards = new HashSet<string>(StringComparer.Ordinal);
                        CollectGuards(branch.Condition, guards);
                        _guards.Add(guards);
                        VisitNodes(branch.Body);
                        _guards.RemoveAt(_guards.Count - 1);
                    }
                    if (ifNode.Else is not null) VisitNodes(ifNode.Else);
                    break;
                case ForNode forNode:
                    VisitExpression(forNode.Iterable);
                    var locals = new HashSet<string>(StringComparer.Ordinal) { forNode.ValueVariable, "loop" };
                    if (forNode.KeyVariable is not null) locals.Add(forNode.KeyVariable);
                    _locals.Add(locals);
                    VisitNodes(forNode.Body);
                    _locals.RemoveAt(_locals.Count - 1);
                    break;
            }
        }
    }

    private static void CollectGuards(Expression condition, HashSet<string> guards)
    {
        switch (condition)
        {
            case TestExpression { Negated: false } test when PathOf(test.Operand) is { } path:
                guards.Add(path);
                break;
            case BinaryExpression { Operator: "and" } and:
                CollectGuards(and.Left, guards);
                CollectGuards(and.Right, guards);
                break;
        }
    }

    /// <summary><c>a.b.c</c> for a chain of names, else null.</summary>
    private static string? PathOf(Expression expression) => expression switch
    {
        NameExpression n => n.Name,
        MemberExpression m when PathOf(m.Target) is { } target => target + "." + m.Name,
        _ => null,
    };

    private void VisitExpression(Expression expression, bool optional = false)
    {
        switch (expression)
        {
            case NameExpression or MemberExpression when PathOf(expression) is { } path:
                if (!optional) CheckPath(expression, path);
                break;
            case MemberExpression member: VisitExpression(member.Target, optional); break;
            case IndexExpression index:
                VisitExpression(index.Target, optional);
                VisitExpression(index.Index);
                break;
            case FilterExpression filter:
                VisitExpression(filter.Input, optional || filter.Name == "default");
                foreach (var argument in filter.Arguments) VisitExpression(argument);
                break;
            case TestExpression test: VisitExpression(test.Operand, optional: true); break;
            case UnaryExpression unary: VisitExpression(unary.Operand, optional); break;
            case BinaryExpression { Operator: "and" } and:
            {
                // `x is defined and x > 1`: the right side runs only when the left is true.
                VisitExpression(and.Left, optional);
                var guards = new HashSet<string>(StringComparer.Ordinal);
                CollectGuards(and.Left, guards);
                _guards.Add(guards);
                VisitExpression(and.Right, optional);
                _guards.RemoveAt(_guards.Count - 1);
                break;
            }
            case BinaryExpression binary:
                VisitExpression(binary.Left, optional);
                VisitExpression(binary.Right, optional);
                break;
            case ListExpression list:
                foreach (var item in list.Items) VisitExpression(item, optional);
                break;
        }
    }

    private void CheckPath(Expression expression, string path)
    {
        var parts = path.Split('.');
        if (_locals.Any(l => l.Contains(parts[0]))) return; // loop variables: their shape is known only when rendering
        // Guarded by an enclosing `if x is defined` (or a prefix of the path).
        for (int n = parts.Length; n >= 1; n--)
        {
            var prefix = string.Join('.', parts, 0, n);
            if (_guards.Any(g => g.Contains(prefix))) return;
        }
        if (!_variables.TryGetValue(parts[0], out var value))
        {
            var root = expression;
            while (root is MemberExpression m) root = m.Target;
            _problems.Add((root.Offset, $"'{parts[0]}' is not defined. Define it (FlowForgeTemplateProperties, the variables file or item metadata), " +
                $"guard it with '{{% if {parts[0]} is defined %}}' or write '{parts[0]} | default(...)'.{Suggest(parts[0], _variables.Keys)}"));
            return;
        }
        // Walk the keys against the value.
        var members = new List<MemberExpression>();
        for (var e = expression; e is MemberExpression m; e = m.Target) members.Insert(0, m);
        for (int i = 1; i < parts.Length; i++)
        {
            if (value is not IReadOnlyDictionary<string, object?> map) return; // a type error, reported when rendering
            if (!map.TryGetValue(parts[i], out value))
            {
                var prefix = string.Join('.', parts, 0, i);
                _problems.Add((members[i - 1].Offset, $"'{prefix}' has no key '{parts[i]}'.{Suggest(parts[i], map.Keys)}"));
                return;
            }
        }
    }

    private static string Suggest(string name, IEnumerable<string> candidates)
    {
        var best = candidates.Select(c => (c, d: Distance(name, c))).Where(x => x.d <= Math.Max(1, name.Length / 3)).OrderBy(x => x.d).FirstOrDefault();
        return best.c is null ? "" : $" Did you mean '{best.c}'?";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
