using System.Globalization;
using FlowForge.Templates.Evaluation;

namespace FlowForge.Templates.Syntax;

/// <summary>
/// Recursive-descent parser from tokens to <see cref="TemplateNode"/>s. Stops at the first error (FF4001 syntax, FF4002 filter).
/// Expression precedence, loosest first: <c>or</c>, <c>and</c>, <c>not</c>, comparisons/<c>in</c>/<c>is</c>, <c>~</c>, <c>+ -</c>, <c>* / %</c>, unary minus, filters, <c>.name</c>/<c>[index]</c>.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private int _i;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static List<TemplateNode> Parse(string text)
    {
        var parser = new Parser(Lexer.Tokenize(text));
        var nodes = parser.ParseNodes(out var stop);
        if (stop is not null)
            throw Error(stop.Value.Offset, $"'{{% {stop.Value.Name} %}}' without a matching opening tag.");
        return nodes;
    }

    private Token Current => _tokens[_i];

    private Token Next() => _tokens[_i++];

    /// <summary>Parses nodes until the end or a block tag (<c>elif</c>, <c>else</c>, <c>endif</c>, <c>endfor</c>) that it leaves for the caller.</summary>
    private List<TemplateNode> ParseNodes(out (string Name, int Offset)? stopTag)
    {
        var nodes = new List<TemplateNode>();
        stopTag = null;
        while (Current.Kind != TokenKind.End)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.Text:
                    nodes.Add(new TextNode(token.Value, token.Offset));
                    break;
                case TokenKind.VariableStart:
                    if (Current.Kind == TokenKind.VariableEnd) throw Error(token.Offset, "Empty '{{ }}': write an expression between the braces.");
                    var expression = ParseExpression();
                    Expect(TokenKind.VariableEnd, "'}}'");
                    nodes.Add(new OutputNode(expression, token.Offset));
                    break;
                case TokenKind.BlockStart:
                    var name = Current;
                    if (name.Kind != TokenKind.Identifier) throw Error(name.Offset, "Expected a tag name (if, elif, else, endif, for, endfor).");
                    switch (name.Value)
                    {
                        case "if": _i++; nodes.Add(ParseIf(token.Offset)); break;
                        case "for": _i++; nodes.Add(ParseFor(token.Offset)); break;
                        case "elif" or "else" or "endif" or "endfor":
                            stopTag = (name.Value, token.Offset);
                            _i++;
                            return nodes;
                        default:
                            throw Error(name.Offset, $"Unknown tag '{name.Value}'; the tags are if, elif, else, endif, for, endfor.");
                    }
                    break;
                default:
                    throw Error(token.Offset, $"Unexpected '{token.Value}'.");
            }
        }
        return nodes;
    }

    private IfNode ParseIf(int offset)
    {
        var branches = new List<IfBranch>();
        List<TemplateNode>? elseBody = null;
        int branchOffset = offset;
        var condition = ParseExpression();
        Expect(TokenKind.BlockEnd, "'%}'");
        while (true)
        {
            var body = ParseNodes(out var stop);
            if (elseBody is null) branches.Add(new IfBranch(condition, body, branchOffset));
            else elseBody = body;
            if (stop is null) throw Error(offset, "This '{% if %}' is not closed: add '{% endif %}'.");
            switch (stop.Value.Name)
            {
                case "endif":
                    Expect(TokenKind.BlockEnd, "'%}'");
                    return new IfNode(branches, elseBody, offset);
                case "elif":
                    if (elseBody is not null) throw Error(stop.Value.Offset, "'{% elif %}' after '{% else %}'; move it before the else.");
                    branchOffset = stop.Value.Offset;
                    condition = ParseExpression();
                    Expect(TokenKind.BlockEnd, "'%}'");
                    break;
                case "else":
                    if (elseBody is not null) throw Error(stop.Value.Offset, "A second '{% else %}' in one '{% if %}'.");
                    Expect(TokenKind.BlockEnd, "'%}'");
                    elseBody = new List<TemplateNode>();
                    break;
                default:
                    throw Error(stop.Value.Offset, $"'{{% {stop.Value.Name} %}}' inside '{{% if %}}'; close the if with '{{% endif %}}' first.");
            }
        }
    }

    private ForNode ParseFor(int offset)
    {
        string first = ExpectIdentifier("a loop variable name");
        string? key = null;
        string value = first;
        if (Current.Kind == TokenKind.Comma)
        {
            _i++;
            key = first;
            value = ExpectIdentifier("the value variable name");
        }
        if (Current.Kind != TokenKind.Identifier || Current.Value != "in") throw Error(Current.Offset, "Expected 'in' in '{% for x in items %}'.");
        _i++;
        var iterable = ParseExpression();
        Expect(TokenKind.BlockEnd, "'%}'");
        var body = ParseNodes(out var stop);
        if (stop is null) throw Error(offset, "This '{% for %}' is not closed: add '{% endfor %}'.");
        if (stop.Value.Name != "endfor")
            throw Error(stop.Value.Offset, $"'{{% {stop.Value.Name} %}}' inside '{{% for %}}' without an if; close the loop with '{{% endfor %}}'.");
        Expect(TokenKind.BlockEnd, "'%}'");
        return new ForNode(key, value, iterable, body, offset);
    }

    private string ExpectIdentifier(string what)
    {
        if (Current.Kind != TokenKind.Identifier || IsKeyword(Current.Value)) throw Error(Current.Offset, $"Expected {what}.");
        return Next().Value;
    }

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
            throw Error(Current.Offset, Current.Kind is TokenKind.End ? $"Expected {what} before the end of the template." : $"Expected {what}, found '{Current.Value}'.");
        _i++;
    }

    private static bool IsKeyword(string s) => s is "and" or "or" or "not" or "in" or "is" or "true" or "false" or "True" or "False";

    private bool AtKeyword(string keyword) => Current.Kind == TokenKind.Identifier && Current.Value == keyword;

    // ---- expressions ----

    private Expression ParseExpression() => ParseOr();

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (AtKeyword("or"))
        {
            int at = Next().Offset;
            left = new BinaryExpression("or", left, ParseAnd(), at);
        }
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (AtKeyword("and"))
        {
            int at = Next().Offset;
            left = new BinaryExpression("and", left, ParseNot(), at);
        }
        return left;
    }

    private Expression ParseNot()
    {
        if (AtKeyword("not"))
        {
            int at = Next().Offset;
            return new UnaryExpression("not", ParseNot(), at);
        }
        return ParseComparison();
    }

    private Expression ParseComparison()
    {
        var left = ParseConcat();
        while (true)
        {
            var t = Current;
            string? op = t.Kind switch
            {
                TokenKind.Eq => "==", TokenKind.Ne => "!=", TokenKind.Lt => "<", TokenKind.Gt => ">", TokenKind.Le => "<=", TokenKind.Ge => ">=",
                TokenKind.Identifier when t.Value == "in" => "in",
                _ => null,
            };
            if (op is not null)
            {
                _i++;
                left = new BinaryExpression(op, left, ParseConcat(), t.Offset);
                continue;
            }
            if (AtKeyword("not") && _i + 1 < _tokens.Count && _tokens[_i + 1].Kind == TokenKind.Identifier && _tokens[_i + 1].Value == "in")
            {
                _i += 2;
                left = new UnaryExpression("not", new BinaryExpression("in", left, ParseConcat(), t.Offset), t.Offset);
                continue;
            }
            if (AtKeyword("is"))
            {
                _i++;
                bool negated = false;
                if (AtKeyword("not")) { _i++; negated = true; }
                var test = Current;
                if (test.Kind != TokenKind.Identifier || test.Value is not ("defined" or "undefined"))
                    throw Error(test.Offset, "Expected 'defined' or 'undefined' after 'is'.");
                _i++;
                if (test.Value == "undefined") negated = !negated;
                left = new TestExpression(left, "defined", negated, t.Offset);
                continue;
            }
            return left;
        }
    }

    private Expression ParseConcat()
    {
        var left = ParseAdditive();
        while (Current.Kind == TokenKind.Tilde)
        {
            int at = Next().Offset;
            left = new BinaryExpression("~", left, ParseAdditive(), at);
        }
        return left;
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var t = Next();
            left = new BinaryExpression(t.Value, left, ParseMultiplicative(), t.Offset);
        }
        return left;
    }

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var t = Next();
            left = new BinaryExpression(t.Value, left, ParseUnary(), t.Offset);
        }
        return left;
    }

    private Expression ParseUnary()
    {
        if (Current.Kind == TokenKind.Minus)
        {
            int at = Next().Offset;
            return new UnaryExpression("-", ParseUnary(), at);
        }
        return ParseFiltered();
    }

    private Expression ParseFiltered()
    {
        var expression = ParsePostfix();
        while (Current.Kind == TokenKind.Pipe)
        {
            _i++;
            var name = Current;
            if (name.Kind != TokenKind.Identifier) throw Error(name.Offset, "Expected a filter name after '|'.");
            _i++;
            var arguments = new List<Expression>();
            if (Current.Kind == TokenKind.LParen)
            {
                _i++;
                if (Current.Kind != TokenKind.RParen)
                {
                    while (true)
                    {
                        arguments.Add(ParseExpression());
                        if (Current.Kind == TokenKind.Comma) { _i++; continue; }
                        break;
                    }
                }
                Expect(TokenKind.RParen, "')'");
            }
            if (!Filters.TryGet(name.Value, out var filter))
                throw new TemplateErrorException(TemplateDiagnosticCodes.UnknownFilter,
                    $"Unknown filter '{name.Value}'; the filters are {string.Join(", ", Filters.Names)}.", name.Offset);
            if (arguments.Count < filter.MinArguments || arguments.Count > filter.MaxArguments)
                throw new TemplateErrorException(TemplateDiagnosticCodes.UnknownFilter,
                    $"Filter '{name.Value}' takes {filter.Signature}; it was given {arguments.Count} argument(s).", name.Offset);
            expression = new FilterExpression(expression, name.Value, arguments, name.Offset);
        }
        return expression;
    }

    private Expression ParsePostfix()
    {
        var expression = ParsePrimary();
        while (true)
        {
            if (Current.Kind == TokenKind.Dot)
            {
                _i++;
                var name = Current;
                if (name.Kind == TokenKind.Identifier) { _i++; expression = new MemberExpression(expression, name.Value, name.Offset); }
                else if (name.Kind == TokenKind.Integer) { _i++; expression = new IndexExpression(expression, new LiteralExpression(long.Parse(name.Value, CultureInfo.InvariantCulture), name.Offset), name.Offset); }
                else throw Error(name.Offset, "Expected a key name after '.'.");
            }
            else if (Current.Kind == TokenKind.LBracket)
            {
                int at = Next().Offset;
                var index = ParseExpression();
                Expect(TokenKind.RBracket, "']'");
                expression = new IndexExpression(expression, index, at);
            }
            else return expression;
        }
    }

    private Expression ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.String: _i++; return new LiteralExpression(t.Value, t.Offset);
            case TokenKind.Integer:
                _i++;
                if (!long.TryParse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) throw Error(t.Offset, $"The integer {t.Value} is too large.");
                return new LiteralExpression(l, t.Offset);
            case TokenKind.Float: _i++; return new LiteralExpression(double.Parse(t.Value, CultureInfo.InvariantCulture), t.Offset);
            case TokenKind.Identifier:
                if (t.Value is "true" or "True") { _i++; return new LiteralExpression(true, t.Offset); }
                if (t.Value is "false" or "False") { _i++; return new LiteralExpression(false, t.Offset); }
                if (IsKeyword(t.Value)) throw Error(t.Offset, $"Expected a value, found the keyword '{t.Value}'.");
                _i++;
                return new NameExpression(t.Value, t.Offset);
            case TokenKind.LParen:
            {
                _i++;
                var inner = ParseExpression();
                Expect(TokenKind.RParen, "')'");
                return inner;
            }
            case TokenKind.LBracket:
            {
                _i++;
                var items = new List<Expression>();
                if (Current.Kind != TokenKind.RBracket)
                {
                    while (true)
                    {
                        items.Add(ParseExpression());
                        if (Current.Kind != TokenKind.Comma) break;
                        _i++;
                        if (Current.Kind == TokenKind.RBracket) break;
                    }
                }
                Expect(TokenKind.RBracket, "']'");
                return new ListExpression(items, t.Offset);
            }
            case TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.End:
                throw Error(t.Offset, "Expected a value (a name, string, number, true/false, or a list).");
            default:
                throw Error(t.Offset, $"Expected a value, found '{t.Value}'.");
        }
    }

    private static TemplateErrorException Error(int offset, string message) => new(TemplateDiagnosticCodes.Syntax, message, offset);
}
