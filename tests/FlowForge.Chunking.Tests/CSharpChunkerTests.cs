using FlowForge.Core.Diagnostics;
using static FlowForge.Chunking.Tests.TestData;

namespace FlowForge.Chunking.Tests;

public class CSharpChunkerTests
{
    private static readonly CSharpChunker Chunker = new(Unmerged);

    private const string Tricky = """"
        using System;
        using System.Collections.Generic;

        namespace Demo.Tricky;

        /// <summary>Doc.</summary>
        [Serializable]
        public class Foo
        {
            private string _a = "}{ \" }";
            private string _b = @"C:\path\}"" {";
            private string _c = """
                raw { with } "quotes" and }}}
                """;
            private string _d = $"hole {(true ? "}" : "{")} and {{literal}} {new[] { 1 }.Length}";
            private string _e = $$"""
                {"json": {{_a.Length + "}".Length}} }
                """;
            private string _f = $@"{_a}\{""}""";
            private string _g = @$"{_a}{{";
            private char _h = '{';
            private char _i = '\'';
            // a comment with {
            /* block { comment */
        #if NEVER
            private int _never = 1;
        #endif
            public int Bar(int x) { return x; }
            public int Bar(string s) => s.Length;
            public string Baz { get; set; } = "}";
            public List<Dictionary<string, int>> Generic<T>(T item, (int a, string b) pair) where T : class { return new(); }
            [Obsolete("}")]
            public event EventHandler? Changed;
            public int this[int i] => i;
            public static Foo operator +(Foo a, Foo b) => a;
            public Foo() { }
            ~Foo() { }
            void IDisposable.Dispose() { }
            public class Inner
            {
                public void Deep(ref int x, params string[] rest) { }
            }
        }

        public record Point(int X, int Y);

        public record Person(string Name)
        {
            public string Greeting => $"Hi {Name}";
        }

        public readonly record struct Pair<TKey, TValue>(TKey Key, TValue Value);

        public enum Color { Red, Green }
        """";

    [Fact]
    public void Tricky_literals_comments_and_members_give_expected_names()
    {
        var names = Names(Chunker, Tricky);
        Assert.Equal(new[]
        {
            "<header>", "Demo.Tricky.Foo",
            "Demo.Tricky.Foo._a", "Demo.Tricky.Foo._b", "Demo.Tricky.Foo._c", "Demo.Tricky.Foo._d", "Demo.Tricky.Foo._e",
            "Demo.Tricky.Foo._f", "Demo.Tricky.Foo._g", "Demo.Tricky.Foo._h", "Demo.Tricky.Foo._i", "Demo.Tricky.Foo._never",
            "Demo.Tricky.Foo.Bar(int)", "Demo.Tricky.Foo.Bar(string)", "Demo.Tricky.Foo.Baz",
            "Demo.Tricky.Foo.Generic<T>(T, (int a, string b))", "Demo.Tricky.Foo.Changed", "Demo.Tricky.Foo.this[int]",
            "Demo.Tricky.Foo.operator +(Foo, Foo)", "Demo.Tricky.Foo.Foo()", "Demo.Tricky.Foo.~Foo()", "Demo.Tricky.Foo.IDisposable.Dispose()",
            "Demo.Tricky.Foo.Inner", "Demo.Tricky.Foo.Inner.Deep(ref int, params string[])",
            "Demo.Tricky.Point", "Demo.Tricky.Person", "Demo.Tricky.Person.Greeting", "Demo.Tricky.Pair<TKey, TValue>", "Demo.Tricky.Color",
        }, names);
    }

    [Fact]
    public void Member_chunk_carries_its_doc_comment_and_attributes_and_type_closing_brace_goes_with_last_member()
    {
        var content = Utf8(Tricky);
        var chunks = Chunker.Split(content);
        AssertCovers(chunks, content);
        string Text(string name) => System.Text.Encoding.UTF8.GetString(chunks.Single(c => c.Name == name).Slice(content));

        Assert.StartsWith("\n/// <summary>Doc.</summary>\n[Serializable]\npublic class Foo\n{\n", Text("Demo.Tricky.Foo"));
        Assert.StartsWith("    [Obsolete(\"}\")]", Text("Demo.Tricky.Foo.Changed"));
        Assert.StartsWith("    // a comment with {\n    /* block { comment */\n#if NEVER\n", Text("Demo.Tricky.Foo._never"));
        Assert.EndsWith("        public void Deep(ref int x, params string[] rest) { }\n    }\n}\n", Text("Demo.Tricky.Foo.Inner.Deep(ref int, params string[])"));
        Assert.Contains("raw { with } \"quotes\" and }}}", Text("Demo.Tricky.Foo._c"));
    }

    [Fact]
    public void Block_namespaces_and_nested_types_are_named_by_their_path()
    {
        const string source = """
            namespace Outer.Space
            {
                using System;

                internal static class Host<T>
                {
                    private struct Node { public int Value; public Node(int v) { Value = v; } }
                    public static void Run() { }
                }
            }
            namespace Other { interface IThing { void Do(); int Count { get; } } }
            """;
        Assert.Equal(new[]
        {
            "Outer.Space", "Outer.Space.Host<T>", "Outer.Space.Host<T>.Node", "Outer.Space.Host<T>.Node.Value",
            "Outer.Space.Host<T>.Node.Node(int)", "Outer.Space.Host<T>.Run()",
            "Other", "Other.IThing", "Other.IThing.Do()", "Other.IThing.Count",
        }, Names(Chunker, source));
    }

    [Fact]
    public void Top_level_statements_are_statement_chunks_and_local_functions_are_named()
    {
        const string source = """
            using System;

            Console.WriteLine("{");
            var x = Add(1, 2);
            if (x > 2) { Console.WriteLine("}"); }
            await Task.Delay(1);
            int Add(int a, int b) => a + b;
            static void Local() { }
            record R(int A);
            """;
        Assert.Equal(new[]
        {
            "<header>", "<top-level>", "<top-level>#2", "<top-level>#3", "<top-level>#4", "Add(int, int)", "Local()", "R",
        }, Names(Chunker, source));
    }

    [Fact]
    public void Property_initializers_lambdas_and_collection_initializers_do_not_end_a_member_early()
    {
        const string source = """
            class C
            {
                public int P { get; set; } = 5;
                private Func<int, int> _f = x => { return x + 1; };
                private int[] _arr = { 1, 2, 3 };
                public int Q => _arr switch { [] => 0, _ => 1 };
                public int M() { return 1; }
            }
            """;
        Assert.Equal(new[] { "C", "C.P", "C._f", "C._arr", "C.Q", "C.M()" }, Names(Chunker, source));
    }

    [Fact]
    public void Members_inside_if_blocks_are_chunked_in_every_branch()
    {
        const string source = """
            class C
            {
            #if DEBUG
                void Log(string s) { Console.WriteLine("{" + s); }
            #else
                void Log(string s) { }
            #endif
                #region Helpers
                int Helper() => 1;
                #endregion
            }
            """;
        Assert.Equal(new[] { "C", "C.Log(string)", "C.Log(string)#2", "C.Helper()" }, Names(Chunker, source));
    }

    [Fact]
    public void Unbalanced_if_branches_are_reported_and_still_reassemble()
    {
        const string source = """
            class C
            {
            #if DEBUG
                void M() {
            #else
                void M() {
            #endif
                }
                void N() { }
            }
            """;
        var content = Utf8(source);
        var diagnostics = new List<Diagnostic>();
        var chunks = Chunker.Split(content, diagnostics);
        AssertCovers(chunks, content);
        Assert.Contains(diagnostics, d => d.Code == ChunkingDiagnosticCodes.MalformedContent && d.Line > 0);
    }

    [Fact]
    public void Interpolated_holes_with_nested_strings_and_braces_do_not_confuse_structure()
    {
        const string source = """"
            class C
            {
                string A() => $"{string.Join(",", new[] { $"{"}"}", "{" })}";
                string B() => $$"""{ {{new { X = "}" }.X}} }""";
                string C2() => $@"{(x ? "}" : @"{""")}";
                string D() => $"{x:N2}{y,5}{global::System.Math.Abs(-1)}";
                string E() => $"{{ not a hole }}";
            }
            """";
        Assert.Equal(new[] { "C", "C.A()", "C.B()", "C.C2()", "C.D()", "C.E()" }, Names(Chunker, source));
    }

    [Fact]
    public void Colliding_names_get_numbered_suffixes()
    {
        const string source = "partial class P { void M() { } }\npartial class P { void M() { } }\n";
        Assert.Equal(new[] { "P", "P.M()", "P#2", "P.M()#2" }, Names(Chunker, source));
    }

    [Fact]
    public void An_oversized_member_is_sub_chunked_by_content_defined_chunking()
    {
        var body = string.Concat(Enumerable.Range(0, 2000).Select(i => $"        x += {i * 7919 % 10007};\n"));
        var source = "class Foo\n{\n    int Bar(int x)\n    {\n" + body + "        return x;\n    }\n    int Baz => 1;\n}\n";
        var content = Utf8(source);
        var chunks = new CSharpChunker(Small with { MinSemanticChunkSize = 0 }).Split(content);
        AssertCovers(chunks, content);
        var parts = chunks.Where(c => c.Name!.StartsWith("Foo.Bar(int)", StringComparison.Ordinal)).Select(c => c.Name).ToList();
        Assert.True(parts.Count > 3, $"expected sub-chunks, got {parts.Count}");
        Assert.Equal("Foo.Bar(int)", parts[0]);
        Assert.Equal("Foo.Bar(int)#2", parts[1]);
        Assert.All(chunks, c => Assert.True(c.Length <= Small.MaxSize));
    }

    [Fact]
    public void Tiny_members_are_merged_with_names_joined_and_boundaries_depend_only_on_each_member()
    {
        var source = "class C\n{\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"    int F{i};\n")) + "}\n";
        var content = Utf8(source);
        var chunks = new CSharpChunker().Split(content);
        AssertCovers(chunks, content);
        Assert.True(chunks.Count is > 1 and < 20, $"{chunks.Count} chunks");
        Assert.Contains(chunks, c => c.Kind == ChunkKind.Group && c.Name!.Contains(" + C.F", StringComparison.Ordinal));

        // Editing one field changes only its group.
        var edited = Utf8(source.Replace("int F17;", "long F17;"));
        Assert.True(NewChunks(chunks, new CSharpChunker().Split(edited)).Count <= 2);
    }

    [Fact]
    public void Generated_sources_reassemble_and_edits_change_at_most_two_chunks_property()
    {
        foreach (var options in new[] { ChunkingOptions.Default, Unmerged, new ChunkingOptions { MinSemanticChunkSize = 1024 }, ChunkingOptions.Storage })
        {
            var chunker = new CSharpChunker(options);
            for (int seed = 1; seed <= 12; seed++)
            {
                var source = CSharpSourceGenerator.Generate(seed, typeCount: 8, membersPerType: 10);
                var content = Utf8(source);
                var diagnostics = new List<Diagnostic>();
                var before = chunker.Split(content, diagnostics);
                Assert.Empty(diagnostics);
                AssertCovers(before, content);

                var methods = CSharpSourceGenerator.Methods(source);
                var random = new Random(seed);
                for (int trial = 0; trial < 5; trial++)
                {
                    var (type, member) = methods[random.Next(methods.Count)];
                    var edited = Utf8(CSharpSourceGenerator.EditMember(source, type, member, random.Next(100_000, 10_000_000)));
                    var after = chunker.Split(edited);
                    AssertCovers(after, edited);
                    var changed = NewChunks(before, after);
                    Assert.InRange(changed.Count, 1, 2);
                    Assert.Contains(changed, c => c.Name!.Contains($"Method{member}(int, string)", StringComparison.Ordinal));
                }
            }
        }
    }
}
