namespace FlowForge.Templates.Syntax;

internal enum TokenKind
{
    Text, VariableStart, VariableEnd, BlockStart, BlockEnd,
    Identifier, String, Integer, Float,
    Dot, Comma, Pipe, LParen, RParen, LBracket, RBracket,
    Eq, Ne, Lt, Gt, Le, Ge, Plus, Minus, Star, Slash, Percent, Tilde,
    End,
}

/// <summary>A token: its kind, its text (decoded for strings; the kept text for <see cref="TokenKind.Text"/>) and its start offset in the template.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Offset, int Length);
