using System.Runtime.CompilerServices;
using System.Text;

namespace FlowForge.Toml.Parsing;

/// <summary>
/// A single-pass recursive-descent TOML 1.0 parser over UTF-8 bytes that builds the model directly (no token
/// list, no syntax tree), which keeps it fast and allocation-light. This file holds the document structure:
/// statements, keys, table headers, arrays, inline tables and TOML's redefinition rules.
/// </summary>
internal ref partial struct TomlParser
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    /// <summary>Parses a whole document; never throws.</summary>
    public static TomlDocument Parse(ReadOnlySpan<byte> utf8, string? path, TomlParserOptions options)
    {
        var root = new TomlTable(TomlTableKind.Defined, new TomlPosition(0, 1, 1));
        var parser = new TomlParser(utf8, path, options);
        try
        {
            parser.ParseDocument(root);
        }
        catch (TomlParseAbortedException)
        {
            // The diagnostic is already recorded.
        }
        catch (Exception ex)
        {
            // A parser bug must surface as a diagnostic, never as a crash of the build that reads the file.
            parser._diagnostics.Add(new TomlDiagnostic(
                TomlDiagnosticCodes.InternalError,
                $"Internal TOML parser error ({ex.GetType().Name}: {ex.Message}); please report this with the file.",
                TomlDiagnosticSeverity.Error,
                path,
                parser.PositionAt(parser._pos),
                0));
        }

        return new TomlDocument(root, parser._diagnostics, path);
    }

    private void ParseDocument(TomlTable root)
    {
        TomlTable current = root;
        int currentDepth = 0;
        while (true)
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return;
            }

            byte b = _src[_pos];
            if (b == '[')
            {
                (current, currentDepth) = ParseTableHeader(root);
            }
            else if (b != '#' && b != '\n' && b != '\r')
            {
                ParseKeyValue(current, currentDepth);
            }

            SkipWhitespace();
            if (Current == '#')
            {
                SkipComment();
            }

            if (AtEnd)
            {
                return;
            }

            if (!TryConsumeNewline())
            {
                throw Unexpected(_pos, TomlDiagnosticCodes.ExpectedNewline, "expected the end of the line; put each key/value pair and table header on its own line");
            }
        }
    }

    /// <summary>Parses a dotted key into <see cref="_keyParts"/>; leaves the cursor after trailing whitespace.</summary>
    private void ParseKey()
    {
        _keyParts.Clear();
        while (true)
        {
            SkipWhitespace();
            int start = _pos;
            TomlPosition position = Here();
            byte b = Current;
            string name;
            if (b == '"' || b == '\'')
            {
                if (IsTripleQuote(b))
                {
                    throw Fail(TomlDiagnosticCodes.InvalidKey, "A multi-line string cannot be a key; use a single-line \"basic\" or 'literal' string.", start, 3);
                }

                _pos++;
                name = ReadString(start, b, multiline: false);
            }
            else if (TomlChars.IsBareKeyChar(b) && !AtEnd)
            {
                while (_pos < _src.Length && TomlChars.IsBareKeyChar(_src[_pos]))
                {
                    _pos++;
                }

                name = BareKey(_src.Slice(start, _pos - start));
            }
            else
            {
                throw Unexpected(_pos, TomlDiagnosticCodes.InvalidKey, "expected a key (letters, digits, '_' and '-', or a quoted string)");
            }

            _keyParts.Add(new KeyPart(name, position, _pos - start));
            if (_keyParts.Count > _options.MaxDepth)
            {
                throw Fail(TomlDiagnosticCodes.NestingTooDeep, $"The key has more than {_options.MaxDepth} dotted parts; flatten the structure.", start, _pos - start);
            }

            SkipWhitespace();
            if (Current != '.')
            {
                return;
            }

            _pos++;
        }
    }

    /// <summary>Parses <c>key = value</c> and stores it into <paramref name="table"/> (at nesting depth <paramref name="depth"/>).</summary>
    private void ParseKeyValue(TomlTable table, int depth)
    {
        ParseKey();
        if (Current != '=')
        {
            throw Unexpected(_pos, TomlDiagnosticCodes.UnexpectedCharacter, "expected '=' after the key (use '.' between the parts of a dotted key, and quotes around keys with other characters)");
        }

        _pos++;
        SkipWhitespace();
        int valueDepth = depth + _keyParts.Count;
        if (valueDepth > _options.MaxDepth)
        {
            throw Fail(TomlDiagnosticCodes.NestingTooDeep, $"Tables are nested more than {_options.MaxDepth} levels deep; flatten the structure.", _keyParts[0].Position.Offset, _keyParts[^1].Position.Offset + _keyParts[^1].Length - _keyParts[0].Position.Offset);
        }

        TomlTable? target = table;
        int count = _keyParts.Count;
        for (int k = 0; k < count - 1 && target != null; k++)
        {
            KeyPart part = _keyParts[k];
            int i = target.IndexOf(part.Name);
            if (i < 0)
            {
                var created = new TomlTable(TomlTableKind.Dotted, part.Position);
                target.AddEntry(part.Name, created, part.Position, part.Position);
                target = created;
                continue;
            }

            object existing = target.ValueAt(i);
            if (existing is TomlTable { Kind: TomlTableKind.Dotted } dotted)
            {
                target = dotted;
                continue;
            }

            string keyText = KeyText(k + 1);
            TomlPosition first = target.KeyPositionAt(i);
            if (existing is TomlTable { Kind: TomlTableKind.Inline })
            {
                Report(TomlDiagnosticCodes.CannotExtend, $"'{keyText}' is an inline table{FirstAt(first)} and inline tables cannot be extended; add the key inside its {{ }}.", part.Position, part.Length);
            }
            else if (existing is TomlTable)
            {
                Report(TomlDiagnosticCodes.TableRedefinition, $"'{keyText}' is a table created by a [header]{FirstAt(first)}; dotted keys cannot add to it, write the key in its [{keyText}] section instead.", part.Position, part.Length);
            }
            else if (existing is TomlTableArray)
            {
                Report(TomlDiagnosticCodes.CannotExtend, $"'{keyText}' is an array of tables{FirstAt(first)}; dotted keys cannot add to it, write the key under a [[{keyText}]] header instead.", part.Position, part.Length);
            }
            else
            {
                Report(TomlDiagnosticCodes.CannotExtend, $"'{keyText}' is already a {TypeName(existing)} value{FirstAt(first)}, so it cannot also be a table; rename one of the keys.", part.Position, part.Length);
            }

            target = null;
        }

        KeyPart last = _keyParts[count - 1];
        if (target != null)
        {
            int existingIndex = target.IndexOf(last.Name);
            if (existingIndex >= 0)
            {
                Report(TomlDiagnosticCodes.DuplicateKey, $"Key '{KeyText(count)}' is defined more than once{FirstAt(target.KeyPositionAt(existingIndex))}; remove or rename one of them.", last.Position, last.Length);
                target = null;
            }
        }

        TomlPosition valuePosition = Here();
        object value = ParseValue(valueDepth);
        target?.AddEntry(last.Name, value, last.Position, valuePosition);
    }

    /// <summary>Parses <c>[a.b]</c> or <c>[[a.b]]</c> and returns the table that following key/values go into.</summary>
    private (TomlTable Table, int Depth) ParseTableHeader(TomlTable root)
    {
        TomlPosition headerPosition = Here();
        int start = _pos;
        _pos++;
        bool isArray = Current == '[';
        if (isArray)
        {
            _pos++;
        }

        ParseKey();
        if (Current != ']')
        {
            throw Unexpected(_pos, AtEnd ? TomlDiagnosticCodes.UnexpectedEndOfFile : TomlDiagnosticCodes.UnexpectedCharacter, isArray ? "expected ']]' to close the array-of-tables header" : "expected ']' to close the table header");
        }

        _pos++;
        if (isArray)
        {
            if (Current != ']')
            {
                throw Unexpected(_pos, AtEnd ? TomlDiagnosticCodes.UnexpectedEndOfFile : TomlDiagnosticCodes.UnexpectedCharacter, "expected ']]' to close the array-of-tables header");
            }

            _pos++;
        }

        int depth = _keyParts.Count;
        if (depth > _options.MaxDepth)
        {
            throw Fail(TomlDiagnosticCodes.NestingTooDeep, $"Tables are nested more than {_options.MaxDepth} levels deep; flatten the structure.", start, _pos - start);
        }

        TomlTable? parent = WalkHeaderPath(root);
        TomlTable? table = parent == null ? null : isArray ? DefineTableArrayElement(parent, headerPosition) : DefineTable(parent, headerPosition);

        // After an error the section's keys go into a detached table, so that they do not cause follow-on errors.
        return (table ?? new TomlTable(TomlTableKind.Header, headerPosition), depth);
    }

    /// <summary>Walks all but the last header key part, creating implicit tables; null after reporting an error.</summary>
    private TomlTable? WalkHeaderPath(TomlTable root)
    {
        TomlTable table = root;
        for (int k = 0; k < _keyParts.Count - 1; k++)
        {
            KeyPart part = _keyParts[k];
            int i = table.IndexOf(part.Name);
            if (i < 0)
            {
                var created = new TomlTable(TomlTableKind.Implicit, part.Position);
                table.AddEntry(part.Name, created, part.Position, part.Position);
                table = created;
                continue;
            }

            object existing = table.ValueAt(i);
            switch (existing)
            {
                case TomlTable { Kind: TomlTableKind.Inline }:
                    Report(TomlDiagnosticCodes.CannotExtend, $"'{KeyText(k + 1)}' is an inline table{FirstAt(table.KeyPositionAt(i))} and inline tables cannot be extended; add the keys inside its {{ }} or write it as a [table].", part.Position, part.Length);
                    return null;
                case TomlTable next:
                    table = next;
                    break;
                case TomlTableArray { Count: > 0 } array:
                    // [a.b] after [[a]] refers to the last element of the array, as the spec says.
                    table = array[array.Count - 1];
                    break;
                default:
                    Report(TomlDiagnosticCodes.CannotExtend, $"'{KeyText(k + 1)}' is a {TypeName(existing)} value{FirstAt(table.KeyPositionAt(i))}, not a table; it cannot have sub-tables.", part.Position, part.Length);
                    return null;
            }
        }

        return table;
    }

    private TomlTable? DefineTable(TomlTable parent, TomlPosition headerPosition)
    {
        KeyPart last = _keyParts[^1];
        int i = parent.IndexOf(last.Name);
        if (i < 0)
        {
            var table = new TomlTable(TomlTableKind.Header, headerPosition);
            parent.AddEntry(last.Name, table, last.Position, headerPosition);
            return table;
        }

        object existing = parent.ValueAt(i);
        string name = KeyText(_keyParts.Count);
        string first = FirstAt(parent.KeyPositionAt(i));
        switch (existing)
        {
            case TomlTable { Kind: TomlTableKind.Implicit } implicitTable:
                // [a.b] created 'a' implicitly; [a] now defines it, once. Point 'a' at this header from now on.
                implicitTable.Kind = TomlTableKind.Header;
                implicitTable.Position = headerPosition;
                parent.SetKeyPosition(i, last.Position, headerPosition);
                return implicitTable;
            case TomlTable { Kind: TomlTableKind.Dotted }:
                Report(TomlDiagnosticCodes.TableRedefinition, $"Table [{name}] was already created by dotted keys{first}; a [header] cannot define it again. Add its keys with the dotted keys, or use only the header.", last.Position, last.Length);
                return null;
            case TomlTable { Kind: TomlTableKind.Inline }:
                Report(TomlDiagnosticCodes.TableRedefinition, $"Table [{name}] was already defined as an inline table{first}; inline tables cannot be extended.", last.Position, last.Length);
                return null;
            case TomlTable:
                Report(TomlDiagnosticCodes.TableRedefinition, $"Table [{name}] is defined more than once{first}; merge the two sections.", last.Position, last.Length);
                return null;
            case TomlTableArray:
                Report(TomlDiagnosticCodes.TableRedefinition, $"'{name}' is an array of tables{first}; use [[{name}]] to add an element.", last.Position, last.Length);
                return null;
            default:
                Report(TomlDiagnosticCodes.TableRedefinition, $"'{name}' is already a {TypeName(existing)} value{first}, so it cannot also be a table; rename one of them.", last.Position, last.Length);
                return null;
        }
    }

    private TomlTable? DefineTableArrayElement(TomlTable parent, TomlPosition headerPosition)
    {
        KeyPart last = _keyParts[^1];
        int i = parent.IndexOf(last.Name);
        var element = new TomlTable(TomlTableKind.Header, headerPosition);
        if (i < 0)
        {
            var created = new TomlTableArray(headerPosition) { element };
            parent.AddEntry(last.Name, created, last.Position, headerPosition);
            return element;
        }

        object existing = parent.ValueAt(i);
        string name = KeyText(_keyParts.Count);
        string first = FirstAt(parent.KeyPositionAt(i));
        switch (existing)
        {
            case TomlTableArray array:
                array.Add(element);
                return element;
            case TomlArray:
                Report(TomlDiagnosticCodes.CannotExtend, $"'{name}' is a static array{first}; an array written with [ ] cannot be extended with [[{name}]].", last.Position, last.Length);
                return null;
            case TomlTable:
                Report(TomlDiagnosticCodes.TableRedefinition, $"'{name}' is already a table{first}; [[{name}]] needs an array of tables, rename one of them.", last.Position, last.Length);
                return null;
            default:
                Report(TomlDiagnosticCodes.TableRedefinition, $"'{name}' is already a {TypeName(existing)} value{first}; rename one of them.", last.Position, last.Length);
                return null;
        }
    }

    /// <summary>Parses the value at the cursor; <paramref name="depth"/> is the nesting depth of the value itself.</summary>
    private object ParseValue(int depth)
    {
        byte b = Current;
        switch (b)
        {
            case (byte)'"':
            case (byte)'\'':
                {
                    int start = _pos;
                    bool multiline = IsTripleQuote(b);
                    _pos += multiline ? 3 : 1;
                    if (multiline)
                    {
                        SkipNewlineAfterOpeningQuotes();
                    }

                    return ReadString(start, b, multiline);
                }

            case (byte)'t':
                if (_src.Slice(_pos).StartsWith("true"u8))
                {
                    _pos += 4;
                    return BoxedTrue;
                }

                break;
            case (byte)'f':
                if (_src.Slice(_pos).StartsWith("false"u8))
                {
                    _pos += 5;
                    return BoxedFalse;
                }

                break;
            case (byte)'[':
                return ParseArray(depth);
            case (byte)'{':
                return ParseInlineTable(depth);
            case (byte)'+':
            case (byte)'-':
            case (byte)'i':
            case (byte)'n':
                return ParseNumber();
            default:
                if (TomlChars.IsDigit(b))
                {
                    return ParseNumberOrDateTime();
                }

                break;
        }

        throw InvalidValue();
    }

    private TomlParseAbortedException InvalidValue()
    {
        int start = _pos;
        int end = start;
        while (end < _src.Length && TomlChars.IsBareKeyChar(_src[end]))
        {
            end++;
        }

        if (end == start)
        {
            return Unexpected(start, TomlDiagnosticCodes.InvalidValue, "expected a value (a string, number, boolean, date/time, array or inline table)");
        }

        string token = Encoding.ASCII.GetString(_src.Slice(start, end - start));
        return Fail(TomlDiagnosticCodes.InvalidValue, $"'{token}' is not a valid value; put text in quotes (\"{token}\"), and write booleans as lowercase true or false.", start, end - start);
    }

    private TomlArray ParseArray(int depth)
    {
        CheckDepth(depth);
        int open = _pos;
        var array = new TomlArray(Here());
        _pos++;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd)
            {
                throw Fail(TomlDiagnosticCodes.UnexpectedEndOfFile, $"The array opened at {PositionAt(open)} is not closed; add ']'.", open);
            }

            if (_src[_pos] == ']')
            {
                _pos++;
                return array;
            }

            TomlPosition itemPosition = Here();
            array.AddParsed(ParseValue(depth + 1), itemPosition);
            SkipWhitespaceCommentsAndNewlines();
            byte b = Current;
            if (b == ',')
            {
                _pos++;
            }
            else if (b == ']')
            {
                _pos++;
                return array;
            }
            else if (AtEnd)
            {
                throw Fail(TomlDiagnosticCodes.UnexpectedEndOfFile, $"The array opened at {PositionAt(open)} is not closed; add ']'.", open);
            }
            else
            {
                throw Unexpected(_pos, TomlDiagnosticCodes.UnexpectedCharacter, "expected ',' or ']' after an array element");
            }
        }
    }

    private TomlTable ParseInlineTable(int depth)
    {
        CheckDepth(depth);
        int open = _pos;
        var table = new TomlTable(TomlTableKind.Dotted, Here());
        _pos++;
        SkipWhitespace();
        if (Current == '}')
        {
            _pos++;
            table.Kind = TomlTableKind.Inline;
            return table;
        }

        while (true)
        {
            CheckInlineLine(open);
            ParseKeyValue(table, depth);
            SkipWhitespace();
            byte b = Current;
            if (b == ',')
            {
                _pos++;
                SkipWhitespace();
                if (Current == '}')
                {
                    throw Fail(TomlDiagnosticCodes.InvalidInlineTable, "A trailing comma is not allowed in an inline table; remove the last ','.", _pos - 1);
                }

                continue;
            }

            if (b == '}')
            {
                _pos++;
                break;
            }

            CheckInlineLine(open);
            throw Unexpected(_pos, TomlDiagnosticCodes.UnexpectedCharacter, "expected ',' or '}' in the inline table");
        }

        // Sealing the table makes every later header or dotted key that reaches it an error.
        table.Kind = TomlTableKind.Inline;
        return table;
    }

    /// <summary>Inline tables must fit on one line; gives the precise message instead of "expected a key".</summary>
    private readonly void CheckInlineLine(int open)
    {
        byte b = Current;
        if (AtEnd)
        {
            throw Fail(TomlDiagnosticCodes.UnexpectedEndOfFile, $"The inline table opened at {PositionAt(open)} is not closed; add '}}'.", open);
        }

        if (b == '\n' || b == '\r' || b == '#')
        {
            throw Fail(TomlDiagnosticCodes.InvalidInlineTable, "An inline table must be on a single line (no newlines or comments inside { }); close it on this line or use a [table] section.", _pos);
        }
    }

    private readonly void CheckDepth(int depth)
    {
        // The stack check guards against callers who raise MaxDepth far beyond what the thread's stack holds.
        if (depth > _options.MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Fail(TomlDiagnosticCodes.NestingTooDeep, $"Arrays and inline tables are nested more than {_options.MaxDepth} levels deep; flatten the structure.", _pos);
        }
    }

    private readonly bool IsTripleQuote(byte quote)
        => _pos + 2 < _src.Length && _src[_pos] == quote && _src[_pos + 1] == quote && _src[_pos + 2] == quote;

    /// <summary>The first <paramref name="count"/> parts of the current key as TOML text, for messages.</summary>
    private readonly string KeyText(int count)
    {
        var sb = new StringBuilder();
        for (int k = 0; k < count; k++)
        {
            if (k > 0)
            {
                sb.Append('.');
            }

            string name = _keyParts[k].Name;
            bool bare = name.Length > 0;
            foreach (char c in name)
            {
                if (c >= 0x80 || !TomlChars.IsBareKeyChar((byte)c))
                {
                    bare = false;
                    break;
                }
            }

            if (bare)
            {
                sb.Append(name);
            }
            else
            {
                sb.Append('"').Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
        }

        return sb.ToString();
    }

    private static string FirstAt(TomlPosition position)
        => position.IsKnown ? $" (first defined at line {position.Line}, column {position.Column})" : string.Empty;

    private static string TypeName(object value) => value switch
    {
        string => "string",
        long => "integer",
        double => "float",
        bool => "boolean",
        TomlOffsetDateTime => "offset date-time",
        TomlLocalDateTime => "local date-time",
        TomlLocalDate => "local date",
        TomlLocalTime => "local time",
        TomlArray => "array",
        TomlTableArray => "array of tables",
        TomlTable => "table",
        _ => value.GetType().Name,
    };
}
