using System.Text;
using FlowForge.Core.Diagnostics;
using static FlowForge.Chunking.Tests.TestData;

namespace FlowForge.Chunking.Tests;

public class FormatChunkerTests
{
    [Fact]
    public void Toml_tables_and_arrays_of_tables_are_named_and_strings_do_not_fool_it()
    {
        const string toml = """"
            # top comment
            title = "[not.a.table]"
            text = """
            [still.inside]
            """
            lit = '''
            [also.inside]
            '''
            matrix = [
              [1, 2],
              [3, 4],
            ]

            # server settings
            [server.tls]
            cert = "a]b"

            [[products]]
            name = "x"
            [[products]]
            [[products]]
            [ "quoted.key" . sub ]
            """";
        var names = Names(new TomlChunker(Unmerged), toml);
        Assert.Equal(new[] { "<preamble>", "[server.tls]", "[[products]]", "[[products]]#2", "[[products]]#3", "[\"quoted.key\".sub]" }, names);

        var content = Utf8(toml);
        var chunks = new TomlChunker(Unmerged).Split(content);
        Assert.StartsWith("# server settings\n[server.tls]", Encoding.UTF8.GetString(chunks[1].Slice(content)));
        Assert.Equal(ChunkKind.Header, chunks[0].Kind);
        Assert.Equal(ChunkKind.Table, chunks[1].Kind);
    }

    [Fact]
    public void Json_object_members_and_array_elements_are_named()
    {
        const string json = """
            {
              "name": "demo { [",
              "version": 3,
              "escaped \"key\"": [1, {"a": "}"}],
              "dependencies": { "x": "1.0", "y": ["]"] },
              "flag": true
            }
            """;
        Assert.Equal(new[] { "<header>", "name", "version", "escaped \"key\"", "dependencies", "flag" }, Names(new JsonChunker(Unmerged), json));
        Assert.Equal(new[] { "<header>", "[0]", "[1]", "[2]" }, Names(new JsonChunker(Unmerged), "[\n  {\"a\": 1},\n  \"]\",\n  null\n]\n"));
    }

    [Fact]
    public void Json_duplicate_keys_get_suffixes_and_broken_json_is_reported()
    {
        Assert.Equal(new[] { "<header>", "a", "a#2" }, Names(new JsonChunker(Unmerged), "{\"a\": 1, \"a\": 2}"));
        var diagnostics = new List<Diagnostic>();
        var content = Utf8("{\n \"a\": 1,\n \"b\": {\"unterminated\": \n");
        var chunks = new JsonChunker(Unmerged).Split(content, diagnostics);
        AssertCovers(chunks, content);
        Assert.Contains(diagnostics, d => d.Code == ChunkingDiagnosticCodes.MalformedContent);
    }

    [Fact]
    public void Xml_children_of_the_root_are_named_by_element_and_distinguishing_attribute()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <!-- <NotAnElement> -->
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
              </PropertyGroup>
              <!-- comment with <Fake/> belongs to the next element -->
              <ItemGroup Label="Packages">
                <PackageReference Include="xunit" />
              </ItemGroup>
              <Target Name="Build" Condition="'$(X)' &gt; '1' and '>' == '>'">
                <Message Text="<![CDATA[ not real ]]>" />
                <![CDATA[ </Target> <Fake> ]]>
                <?pi </Target> ?>
              </Target>
              <Import Project="a.targets" />
              <PropertyGroup />
            </Project>
            """;
        var content = Utf8(xml);
        var chunks = new XmlChunker(Unmerged).Split(content);
        AssertCovers(chunks, content);
        Assert.Equal(new[] { "<header>", "PropertyGroup", "ItemGroup[@Label='Packages']", "Target[@Name='Build']", "Import[@Project='a.targets']", "PropertyGroup#2" },
            chunks.Select(c => c.Name).ToArray());
        Assert.StartsWith("  <!-- comment with <Fake/>", Encoding.UTF8.GetString(chunks[2].Slice(content)));
        Assert.EndsWith("</Project>\n", Encoding.UTF8.GetString(chunks[^1].Slice(content)) + "\n");
    }

    [Fact]
    public void Xml_resx_data_elements_are_named_by_their_name_attribute()
    {
        const string resx = "<root>\n  <data name=\"Title\"><value>A</value></data>\n  <data name=\"Body\"><value>B</value></data>\n</root>";
        Assert.Equal(new[] { "<header>", "data[@name='Title']", "data[@name='Body']" }, Names(new XmlChunker(Unmerged), resx));
    }

    [Fact]
    public void Broken_xml_is_reported_and_reassembles()
    {
        var content = Utf8("<Project>\n  <A>\n  <B attr=\"unterminated>\n  <!-- open\n");
        var diagnostics = new List<Diagnostic>();
        var chunks = new XmlChunker(Unmerged).Split(content, diagnostics);
        AssertCovers(chunks, content);
        Assert.Contains(diagnostics, d => d.Code == ChunkingDiagnosticCodes.MalformedContent);
    }

    [Theory]
    [InlineData("src/Foo.cs", "csharp")]
    [InlineData("Foo.CS", "csharp")]
    [InlineData("config/app.toml", "toml")]
    [InlineData("package.json", "json")]
    [InlineData("App.csproj", "xml")]
    [InlineData("Directory.Build.props", "xml")]
    [InlineData("Sdk.targets", "xml")]
    [InlineData("Strings.resx", "xml")]
    [InlineData("View.xaml", "xml")]
    [InlineData("web.config", "xml")]
    [InlineData("data.xml", "xml")]
    [InlineData("lib.dll", "cdc")]
    [InlineData("README", "cdc")]
    public void Factory_chooses_by_extension(string name, string expected) =>
        Assert.Equal(expected, Chunkers.ForFile(name, Utf8("text")).Name);

    [Fact]
    public void Factory_uses_content_defined_chunking_for_binary_content_whatever_the_extension() =>
        Assert.Equal("cdc", Chunkers.ForFile("Foo.cs", new byte[] { 0x63, 0, 0x6C, 0 }).Name);
}
