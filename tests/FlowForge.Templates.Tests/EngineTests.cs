using FlowForge.Templates.Syntax;
using FlowForge.Templates.Validation;
using FlowForge.Templates.Values;

namespace FlowForge.Templates.Tests;

/// <summary>Lexer, parser, renderer, filters and the position map.</summary>
public sealed class EngineTests
{
    private static TemplateVariables Vars(string toml = "")
    {
        var table = FlowForge.Toml.Toml.ToModel(toml);
        return TemplateVariables.Create(null, TemplateValue.FromTomlTable(table), null);
    }

    private static string Render(string template, string toml = "")
    {
        var parsed = Template.Parse(template);
        Assert.False(parsed.HasErrors, string.Join("\n", parsed.Diagnostics));
        var result = parsed.Render(Vars(toml));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Output!;
    }

    [Fact]
    public void LexerSplitsTextAndTagsAndDropsComments()
    {
        var tokens = Lexer.Tokenize("a {{ x.y[0] | upper }} b {# c #}{% if x %}");
        Assert.Equal(
            [TokenKind.Text, TokenKind.VariableStart, TokenKind.Identifier, TokenKind.Dot, TokenKind.Identifier, TokenKind.LBracket, TokenKind.Integer,
             TokenKind.RBracket, TokenKind.Pipe, TokenKind.Identifier, TokenKind.VariableEnd, TokenKind.Text, TokenKind.BlockStart, TokenKind.Identifier,
             TokenKind.Identifier, TokenKind.BlockEnd, TokenKind.End],
            tokens.Select(t => t.Kind));
        Assert.Equal(2, tokens[1].Offset);
        Assert.Equal(" b ", tokens[11].Value);
    }

    [Fact]
    public void LexerAppliesWhitespaceControlAndKeepsOffsets()
    {
        var tokens = Lexer.Tokenize("a  \n {{- x -}} \n b");
        Assert.Equal("a", tokens[0].Value);
        var last = tokens[^2];
        Assert.Equal(("b", 17), (last.Value, last.Offset));
    }

    [Fact]
    public void ParserBuildsTheTreeWithPrecedenceAndPositions()
    {
        var template = Template.Parse("{% if not a == 1 and b is defined or c %}x{% elif d %}y{% else %}z{% endif %}{% for k, v in t %}{{ v | default(1) }}{% endfor %}");
        Assert.False(template.HasErrors);
        var ifNode = Assert.IsType<IfNode>(template.Nodes[0]);
        Assert.Equal(2, ifNode.Branches.Count);
        var or = Assert.IsType<BinaryExpression>(ifNode.Branches[0].Condition);
        Assert.Equal("or", or.Operator);
        var and = Assert.IsType<BinaryExpression>(or.Left);
        Assert.IsType<UnaryExpression>(and.Left);
        Assert.IsType<TestExpression>(and.Right);
        var forNode = Assert.IsType<ForNode>(template.Nodes[1]);
        Assert.Equal(("k", "v"), (forNode.KeyVariable, forNode.ValueVariable));
        Assert.Equal(new TemplatePosition(77, 1, 78), template.PositionOf(forNode.Offset));
    }

    [Theory]
    [InlineData("{{ x ", "FF4001", 1, 1)]
    [InlineData("ok\n  {% endfor %}", "FF4001", 2, 3)]
    [InlineData("{% if x %}{% else %}{% else %}{% endif %}", "FF4001", 1, 21)]
    [InlineData("{{ 'abc }}", "FF4001", 1, 4)]
    [InlineData("{{ x = 1 }}", "FF4001", 1, 6)]
    [InlineData("{{ x | nope }}", "FF4002", 1, 8)]
    [InlineData("{{ x | upper(1) }}", "FF4002", 1, 8)]
    public void SyntaxErrorsArePositioned(string text, string code, int line, int column)
    {
        var d = Assert.Single(Template.Parse(text, "t.tera").Diagnostics);
        Assert.Equal((code, line, column), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void RendersConditionsLoopsAndLoopVariables()
    {
        var output = Render("{% for x in xs %}{{ loop.index }}:{{ x }}{% if loop.first %}F{% elif loop.last %}L{% else %}-{% endif %} {% endfor %}", "xs = [10, 20, 30]");
        Assert.Equal("1:10F 2:20- 3:30L ", output);
        Assert.Equal("a=1;b=2;", Render("{% for k, v in t %}{{ k }}={{ v }};{% endfor %}", "t = { a = 1, b = 2 }"));
        Assert.Equal("", Render("{% for x in xs %}{{ nothing }}{% endfor %}", "xs = []"));
    }

    [Theory]
    [InlineData("{{ s | upper }}", "HELLO \"Q\"")]
    [InlineData("{{ s | lower | replace('hello', 'bye') }}", "bye \"q\"")]
    [InlineData("{{ '  x ' | trim }}", "x")]
    [InlineData("{{ xs | join(', ') }}", "1, 2.5, true")]
    [InlineData("{{ xs | length }}/{{ s | length }}/{{ t | length }}", "3/9/2")]
    [InlineData("{{ missing | default('d') }}/{{ '' | default('e', true) }}/{{ s | default('no') }}", "d/e/hello \"Q\"")]
    [InlineData("{{ s | toml }}", "\"hello \\\"Q\\\"\"")]
    [InlineData("{{ xs | toml }} {{ t | toml }}", "[1, 2.5, true] { a = \"x\\ny\", \"b c\" = [] }")]
    [InlineData("{{ s | json }} {{ xs | json }} {{ t | json }}", "\"hello \\\"Q\\\"\" [1,2.5,true] {\"a\":\"x\\ny\",\"b c\":[]}")]
    [InlineData("{{ 1 + 2 * 3 }} {{ 7 / 2 }} {{ 6 / 3 }} {{ 7 % 3 }} {{ -xs[0] }} {{ 'a' ~ 1 ~ true }}", "7 3.5 2 1 -1 a1true")]
    [InlineData("{{ 2 > 1 and 'b' >= 'a' }} {{ 1 == 1.0 }} {{ 2 in xs }} {{ 'a' in t }} {{ 'ell' in s }} {{ 3 not in xs }}", "true true false true true true")]
    [InlineData("{{ xs[-1] }} {{ t['a'] | length }} {{ t.a[0] }}", "true 3 x")]
    public void Filters(string template, string expected)
        => Assert.Equal(expected, Render(template, "s = 'hello \"Q\"'\nxs = [1, 2.5, true]\nt = { a = \"x\\ny\", \"b c\" = [] }"));

    [Fact]
    public void DryRunChecksUntakenBranchesScopesAndGuards()
    {
        var template = Template.Parse("{% if false %}{{ a }}{% endif %}{% for x in xs %}{{ x.anything }}{% endfor %}{{ x }}"
            + "{% if b is defined %}{{ b.c }}{% endif %}{{ d | default(1) }}{% if e is defined and e > 1 %}{{ e }}{% endif %}{{ t.missing }}");
        var problems = template.Analyze(Vars("xs = [1]\nt = { k = 1 }"));
        Assert.Equal([(1, 18), (1, 81), (1, 200)], problems.Select(p => (p.Line, p.Column)));
        Assert.All(problems, p => Assert.Equal("FF4003", p.Code));
    }

    [Fact]
    public void OutputMapPointsIntoCopiedTextOrAtTheExpression()
    {
        var template = Template.Parse("ab{{ x }}cd\n{% for i in xs %}e{% endfor %}");
        var result = template.Render(Vars("x = 'XYZ'\nxs = [1, 2]"));
        Assert.Equal("abXYZcd\nee", result.Output);
        int TemplateOffset(int o) => result.Map!.ToTemplateOffset(o);
        Assert.Equal(1, TemplateOffset(1));     // 'b' copied
        Assert.Equal(2, TemplateOffset(3));     // inside XYZ → the {{
        Assert.Equal(9, TemplateOffset(5));     // 'c'
        Assert.Equal(29, TemplateOffset(9));    // second 'e' → the loop body's text
    }

    [Fact]
    public void RenderErrorsArePositioned()
    {
        var result = Template.Parse("\n  {% for x in s %}{% endfor %}", "t.tera").Render(Vars("s = 1"));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("FF4004", 2, 15), (d.Code, d.Line, d.Column));
        Assert.Equal("t.tera(2,15): error FF4004: Cannot loop over 's', an integer; loop over a list or a table.", d.ToString());
    }

    [Fact]
    public void SchemaProblemsPointAtTheKeysDefinition()
    {
        var schemaDiagnostics = new List<TemplateDiagnostic>();
        var schema = TemplateSchema.Parse("[keys.port]\ntype = \"integer\"\nmax = 10\n[keys.\"a.b\"]\nrequired = true\n", "s.toml", schemaDiagnostics);
        Assert.Empty(schemaDiagnostics);
        var result = TemplateValidator.Process("x = 1\nport = {{ p }}\n[a]\nc = 2\n", "t.toml.tera", TemplateFormat.Toml, Vars("p = 11"), schema);
        Assert.Equal([("FF4011", 2, 1), ("FF4007", 3, 2)], result.Diagnostics.Select(d => (d.Code, d.Line, d.Column)));
        var json = TemplateValidator.Process("{\n  \"port\": \"{{ p }}\",\n  \"a\": { \"b\": 1 }\n}", "t.json.tera", TemplateFormat.Json, Vars("p = 1"), schema);
        Assert.Equal([("FF4008", 2, 3)], json.Diagnostics.Select(d => (d.Code, d.Line, d.Column)));
    }

    [Fact]
    public void InvalidSchemaIsReportedInTheSchemaFile()
    {
        var diagnostics = new List<TemplateDiagnostic>();
        Assert.Null(TemplateSchema.Parse("[keys.a]\ntype = \"int\"\npattern = \"(\"\n", "s.toml", diagnostics));
        Assert.Equal([("FF4013", 2, 1), ("FF4013", 3, 1)], diagnostics.Select(d => (d.Code, d.Line, d.Column)));
    }

    [Fact]
    public void VariablePrecedenceIsMetadataOverFileOverProperties()
    {
        var variables = TemplateVariables.Create(
            [new("a", "property"), new("b", "property"), new("c", "property")],
            new Dictionary<string, object?> { ["b"] = "file", ["c"] = "file" },
            [new("c", "metadata")]);
        Assert.Equal("property file metadata", Template.Parse("{{ a }} {{ b }} {{ c }}").Render(variables).Output);
        Assert.NotEqual(variables.ToCanonicalText(), TemplateVariables.Create([new("a", "x")], null, null).ToCanonicalText());
    }

    [Fact]
    public void TomlFilterOutputRoundTripsThroughTheParser()
    {
        var vars = Vars("s = \"quote \\\" backslash \\\\ tab \\t newline \\n unicode é \\u0001\"\nf = 1e300\nd = 1979-05-27T07:32:00Z\nn = [[1, 2], { x = \"y\" }]");
        var output = Template.Parse("s = {{ s | toml }}\nf = {{ f | toml }}\nd = {{ d | toml }}\nn = {{ n | toml }}\n").Render(vars).Output!;
        var table = FlowForge.Toml.Toml.ToModel(output);
        Assert.Equal(TemplateValue.FromToml(vars.Values["s"]!), table["s"]);
        Assert.Equal(1e300, table["f"]);
    }
}
