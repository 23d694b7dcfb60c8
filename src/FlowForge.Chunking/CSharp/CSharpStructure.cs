using System.Text;

namespace FlowForge.Chunking.CSharp;

/// <summary>
/// Finds declarations in a token stream and records where chunks start. Not a C# parser: it knows just
/// enough to cut at namespace/type/member boundaries and to name what it cut.
/// <para>
/// A declaration ends at a <c>;</c> outside brackets, or at the <c>}</c> closing its first brace block, unless an
/// <c>=</c> or <c>=&gt;</c> came before that block (a lambda or collection initializer: go on to the <c>;</c>) or an
/// <c>=</c> follows it (a property initializer). A chunk starts at the line after the previous declaration's
/// last token, so it carries its leading blank lines, doc comments and attributes; a type's closing brace
/// travels with its last member. A type's header chunk runs to the end of its opening-brace line.
/// </para>
/// </summary>
internal ref struct CSharpStructure
{
    private const int MaxNesting = 64;

    private readonly ReadOnlySpan<byte> _s;
    private readonly ReadOnlySpan<CSharpToken> _t;
    private readonly int[] _match;
    private readonly List<SemanticRegion> _regions;

    /// <summary>Byte offset of the first structural problem (unbalanced braces), or -1.</summary>
    public int MalformedAt { get; private set; }

    public CSharpStructure(ReadOnlySpan<byte> source, ReadOnlySpan<CSharpToken> tokens, List<SemanticRegion> regions)
    {
        _s = source;
        _t = tokens;
        _regions = regions;
        MalformedAt = -1;
        _match = new int[tokens.Length];
        MatchBraces();
    }

    public void Run() => ParseContainer(0, _t.Length, "", 0, nesting: 0, compilationUnit: true);

    private void MatchBraces()
    {
        var stack = new Stack<int>();
        for (int i = 0; i < _t.Length; i++)
        {
            _match[i] = -1;
            if (_t[i].Is('{')) stack.Push(i);
            else if (_t[i].Is('}'))
            {
                if (stack.Count > 0) _match[stack.Pop()] = i;
                else Malformed(i);
            }
        }
        if (stack.Count > 0)
        {
            int first = int.MaxValue;
            foreach (int open in stack) first = Math.Min(first, open);
            Malformed(first);
        }
    }

    private void Malformed(int token)
    {
        int at = _t[token].Start;
        if (MalformedAt < 0 || at < MalformedAt) MalformedAt = at;
    }

    private struct Declaration
    {
        public int Start, End, HeadStart, Terminator, BodyOpen, BodyClose;
        public bool IsAttributeList;
    }

    private void ParseContainer(int from, int to, string prefix, int previousEnd, int nesting, bool compilationUnit)
    {
        int i = from;
        while (i < to)
        {
            var d = Scan(i, to);
            int regionStart = LineBoundary.Between(_s, previousEnd, _t[d.Start].Start);
            Classify(ref d, prefix, compilationUnit, regionStart, nesting, ref prefix);
            previousEnd = _t[d.End].End;
            i = d.End + 1;
        }
    }

    private Declaration Scan(int i, int to)
    {
        var d = new Declaration { Start = i, Terminator = -1, BodyOpen = -1, BodyClose = -1 };

        // [assembly: …] / [module: …] stand alone; other attribute sections belong to the declaration after them.
        if (_t[i].Is('[') && i + 2 < to && (TextIs(i + 1, "assembly"u8) || TextIs(i + 1, "module"u8)) && _t[i + 2].Is(':'))
        {
            d.End = SkipBalanced(i, to, '[', ']');
            d.HeadStart = d.End + 1;
            d.IsAttributeList = true;
            return d;
        }
        int h = i;
        while (h < to && _t[h].Is('[')) h = SkipBalanced(h, to, '[', ']') + 1;
        d.HeadStart = h;

        int angle = 0, bracket = 0;
        for (int j = h; j < to; j++)
        {
            var tk = _t[j];
            if (tk.Kind == CSharpTokenKind.Punctuation)
            {
                switch ((char)tk.Char)
                {
                    case '<': angle++; continue;
                    case '>': if (angle > 0) angle--; continue;
                    case '[': bracket++; continue;
                    case ']': if (bracket > 0) bracket--; continue;
                    case ';' or '{' or '}': d.Terminator = j; break;
                    case '(' when angle == 0 && bracket == 0: d.Terminator = j; break;
                    default: continue;
                }
                break;
            }
            if (angle == 0 && bracket == 0 && tk.Kind is CSharpTokenKind.Assign or CSharpTokenKind.Arrow) { d.Terminator = j; break; }
        }

        int depth = 0;
        bool sawAssign = false;
        for (int j = i; j < to; j++)
        {
            var tk = _t[j];
            if (tk.Kind is CSharpTokenKind.Assign or CSharpTokenKind.Arrow)
            {
                if (depth == 0) sawAssign = true;
                continue;
            }
            if (tk.Kind != CSharpTokenKind.Punctuation) continue;
            switch ((char)tk.Char)
            {
                case '(' or '[': depth++; break;
                case ')' or ']': if (depth > 0) depth--; break;
                case ';' when depth == 0:
                    d.End = j;
                    return d;
                case '}':
                    // Only a stray brace reaches here: matched blocks are jumped over below.
                    d.End = j;
                    return d;
                case '{':
                    int close = _match[j];
                    bool isBody = depth == 0 && !sawAssign && d.BodyOpen < 0;
                    if (close < 0 || close >= to)
                    {
                        if (isBody) d.BodyOpen = j;
                        d.End = to - 1;
                        return d;
                    }
                    if (isBody)
                    {
                        d.BodyOpen = j;
                        d.BodyClose = close;
                        if (close + 1 < to && _t[close + 1].Kind == CSharpTokenKind.Assign)
                        {
                            sawAssign = true; // property initializer: int P { get; } = 1;
                            j = close;
                            break;
                        }
                        d.End = close + 1 < to && _t[close + 1].Is(';') ? close + 1 : close;
                        return d;
                    }
                    j = close;
                    break;
            }
        }
        d.End = to - 1;
        return d;
    }

    private int SkipBalanced(int open, int to, char openChar, char closeChar)
    {
        int depth = 0;
        for (int j = open; j < to; j++)
        {
            if (_t[j].Is(openChar)) depth++;
            else if (_t[j].Is(closeChar) && --depth == 0) return j;
            else if (_t[j].Is('{') && _match[j] >= 0 && _match[j] < to) j = _match[j];
        }
        return to - 1;
    }

    private void Classify(ref Declaration d, string prefix, bool compilationUnit, int regionStart, int nesting, ref string containerPrefix)
    {
        if (d.IsAttributeList) return; // assembly attributes stay with the chunk before them (the header)
        int h = d.HeadStart;
        int limit = d.Terminator >= 0 ? d.Terminator : d.End + 1;
        if (h > d.End || h >= limit && d.Terminator < 0)
        {
            Add(regionStart, compilationUnit ? "<top-level>" : prefix + "<member>", compilationUnit ? ChunkKind.Statements : ChunkKind.Member);
            return;
        }

        if (TextIs(h, "using"u8) || (TextIs(h, "global"u8) && h + 1 <= d.End && TextIs(h + 1, "using"u8)) || (TextIs(h, "extern"u8) && h + 1 <= d.End && TextIs(h + 1, "alias"u8)))
            return; // usings attach to the chunk before them (the header, or a namespace header)

        if (TextIs(h, "namespace"u8))
        {
            var name = new StringBuilder();
            for (int j = h + 1; j <= d.End && (_t[j].IsIdentifier || _t[j].Is('.')); j++) name.Append(Text(j));
            string full = prefix + name;
            if (d.BodyOpen >= 0)
            {
                Add(regionStart, full, ChunkKind.Namespace);
                if (nesting < MaxNesting)
                    ParseContainer(d.BodyOpen + 1, d.BodyClose >= 0 ? d.BodyClose : d.End + 1, full + ".", _t[d.BodyOpen].End, nesting + 1, compilationUnit: false);
            }
            else
            {
                // File-scoped: names every declaration after it. Part of the header unless code came before it.
                if (_regions.Count > 0) Add(regionStart, full, ChunkKind.Namespace);
                containerPrefix = full + ".";
            }
            return;
        }

        for (int j = h; j < limit; j++)
        {
            if (!_t[j].IsIdentifier) continue;
            bool isEnum = TextIs(j, "enum"u8);
            int nameAt = -1;
            if (isEnum || TextIs(j, "class"u8) || TextIs(j, "struct"u8) || TextIs(j, "interface"u8))
                nameAt = j + 1;
            else if (TextIs(j, "record"u8) && j + 1 < limit && _t[j + 1].IsIdentifier)
                nameAt = TextIs(j + 1, "class"u8) || TextIs(j + 1, "struct"u8) ? j + 2 : j + 1;
            if (nameAt < 0) continue;
            if (nameAt > d.End || !_t[nameAt].IsIdentifier) break; // "class" used some other way (a constraint): not a type
            string typeName = prefix + Text(nameAt) + GenericSuffix(nameAt + 1, d.End);
            Add(regionStart, typeName, ChunkKind.Type);
            if (!isEnum && d.BodyOpen >= 0 && nesting < MaxNesting)
                ParseContainer(d.BodyOpen + 1, d.BodyClose >= 0 ? d.BodyClose : d.End + 1, typeName + ".", _t[d.BodyOpen].End, nesting + 1, compilationUnit: false);
            return;
        }

        if (compilationUnit)
        {
            if (d.Terminator >= 0 && _t[d.Terminator].Is('(') && LooksLikeLocalFunction(h, d.Terminator, d))
                Add(regionStart, MethodName(h, d.Terminator, d.End), ChunkKind.Member);
            else
                Add(regionStart, "<top-level>", ChunkKind.Statements);
            return;
        }
        Add(regionStart, prefix + MemberName(d), ChunkKind.Member);
    }

    private void Add(int start, string name, ChunkKind kind) => _regions.Add(new SemanticRegion(start, name, kind));

    private string MemberName(Declaration d)
    {
        int h = d.HeadStart, term = d.Terminator;
        if (term < 0) return "<member>";
        var tk = _t[term];
        if (tk.Is('(')) return MethodName(h, term, d.End);
        if (tk.Is('{') || tk.Kind == CSharpTokenKind.Arrow)
        {
            for (int j = h; j + 1 < term; j++)
            {
                if (TextIs(j, "this"u8) && _t[j + 1].Is('['))
                {
                    int close = SkipBalanced(j + 1, term, '[', ']');
                    return "this[" + Parameters(j + 1, close) + "]";
                }
            }
            return DottedNameEndingAt(LastIdentifier(h, term), h);
        }
        if (tk.Kind == CSharpTokenKind.Assign || tk.Is(';'))
        {
            // Fields: the first declarator names the chunk (int a, b; → a).
            int end = term;
            int angle = 0;
            for (int j = h; j < term; j++)
            {
                if (_t[j].Is('<')) angle++;
                else if (_t[j].Is('>') && angle > 0) angle--;
                else if (_t[j].Is(',') && angle == 0) { end = j; break; }
            }
            return DottedNameEndingAt(LastIdentifier(h, end), h);
        }
        return "<member>";
    }

    private int LastIdentifier(int from, int to)
    {
        for (int j = to - 1; j >= from; j--)
            if (_t[j].IsIdentifier) return j;
        return -1;
    }

    /// <summary>The identifier at <paramref name="at"/> with an explicit interface qualifier before it (IFoo.Bar).</summary>
    private string DottedNameEndingAt(int at, int headStart)
    {
        if (at < 0) return "<member>";
        int k = at;
        while (k - 2 > headStart && _t[k - 1].Is('.') && _t[k - 2].IsIdentifier) k -= 2;
        return k == at ? Text(at) : Render(k, at);
    }

    private string MethodName(int h, int open, int end)
    {
        int close = SkipBalanced(open, end + 1, '(', ')');
        string parameters = "(" + Parameters(open, close) + ")";
        for (int j = h; j < open; j++)
        {
            if (TextIs(j, "operator"u8))
            {
                string kind = j > h && (TextIs(j - 1, "implicit"u8) || TextIs(j - 1, "explicit"u8)) ? Text(j - 1) + " " : "";
                return kind + "operator " + (j + 1 < open ? Render(j + 1, open - 1) : "") + parameters;
            }
        }
        int k = open - 1;
        string generic = "";
        if (k >= h && _t[k].Is('>'))
        {
            int depth = 0, lt = k;
            for (; lt >= h; lt--)
            {
                if (_t[lt].Is('>')) depth++;
                else if (_t[lt].Is('<') && --depth == 0) break;
            }
            if (lt < h) return "<member>" + parameters;
            generic = Render(lt, k);
            k = lt - 1;
        }
        if (k < h || !_t[k].IsIdentifier) return "<member>" + parameters;
        string name = DottedNameEndingAt(k, h);
        if (k - 1 >= h && _t[k - 1].Is('~')) name = "~" + name;
        return name + generic + parameters;
    }

    private static readonly string[] StatementKeywords =
    {
        "return", "await", "throw", "yield", "new", "else", "case", "goto", "in", "is", "as", "using", "var", "if", "while",
        "for", "foreach", "switch", "lock", "fixed", "do", "when", "nameof", "typeof", "sizeof", "default", "checked", "unchecked",
    };

    /// <summary>A top-level <c>Type Name(…)</c> followed by a body or <c>=&gt;</c>: a local function, not a call statement.</summary>
    private bool LooksLikeLocalFunction(int h, int open, Declaration d)
    {
        int k = open - 1;
        if (k >= h && _t[k].Is('>'))
        {
            int depth = 0;
            for (; k >= h; k--)
            {
                if (_t[k].Is('>')) depth++;
                else if (_t[k].Is('<') && --depth == 0) break;
            }
            k--;
        }
        if (k <= h || !_t[k].IsIdentifier) return false;
        var before = _t[k - 1];
        if (before.IsIdentifier)
        {
            string word = Text(k - 1);
            foreach (var keyword in StatementKeywords)
                if (word == keyword) return false;
        }
        else if (!before.Is('>') && !before.Is(']') && !before.Is('?')) return false;
        if (d.BodyOpen >= 0) return true;
        for (int j = open; j <= d.End; j++)
            if (_t[j].Kind == CSharpTokenKind.Arrow) return true;
        return false;
    }

    /// <summary>Parameter types between the brackets at <paramref name="open"/> and <paramref name="close"/>: names, attributes, defaults, <c>this</c>/<c>scoped</c> dropped.</summary>
    private string Parameters(int open, int close)
    {
        var types = new List<string>();
        int start = open + 1, depth = 0;
        for (int j = open + 1; j < close; j++)
        {
            var tk = _t[j];
            if (tk.Is('(') || tk.Is('[') || tk.Is('<')) depth++;
            else if ((tk.Is(')') || tk.Is(']') || tk.Is('>')) && depth > 0) depth--;
            else if (tk.Is(',') && depth == 0)
            {
                types.Add(ParameterType(start, j - 1));
                start = j + 1;
            }
        }
        if (close > open + 1) types.Add(ParameterType(start, close - 1));
        return string.Join(", ", types);
    }

    private string ParameterType(int from, int to)
    {
        while (from <= to && _t[from].Is('[')) from = SkipBalanced(from, to + 1, '[', ']') + 1;
        int depth = 0;
        for (int j = from; j <= to; j++)
        {
            if (_t[j].Is('<') || _t[j].Is('(') || _t[j].Is('[')) depth++;
            else if ((_t[j].Is('>') || _t[j].Is(')') || _t[j].Is(']')) && depth > 0) depth--;
            else if (_t[j].Kind == CSharpTokenKind.Assign && depth == 0) { to = j - 1; break; }
        }
        while (from <= to && (TextIs(from, "this"u8) || TextIs(from, "scoped"u8))) from++;
        if (to > from && _t[to].IsIdentifier) to--;
        return from <= to ? Render(from, to) : "";
    }

    private string GenericSuffix(int at, int end)
    {
        if (at > end || !_t[at].Is('<')) return "";
        int depth = 0;
        for (int j = at; j <= end; j++)
        {
            if (_t[j].Is('<')) depth++;
            else if (_t[j].Is('>') && --depth == 0) return Render(at, j);
            else if (_t[j].Is('{') || _t[j].Is('(') || _t[j].Is(';')) break;
        }
        return "";
    }

    /// <summary>Tokens as compact text: a space only between two words, ", " after commas.</summary>
    private string Render(int from, int to)
    {
        var text = new StringBuilder();
        for (int j = from; j <= to; j++)
        {
            bool word = _t[j].Kind is CSharpTokenKind.Identifier or CSharpTokenKind.Literal;
            if (j > from && word && _t[j - 1].Kind is CSharpTokenKind.Identifier or CSharpTokenKind.Literal) text.Append(' ');
            text.Append(Text(j));
            if (_t[j].Is(',')) text.Append(' ');
        }
        return text.ToString();
    }

    private string Text(int token) => Encoding.UTF8.GetString(_s[_t[token].Start.._t[token].End]);

    private bool TextIs(int token, ReadOnlySpan<byte> word) =>
        _t[token].IsIdentifier && _s[_t[token].Start.._t[token].End].SequenceEqual(word);
}
