using System.Text.RegularExpressions;

namespace Dual.Models.Tests.Docs;

/// <summary>
/// <c>docs/tiny-gpt.md</c> shows only code that runs: each of its C# blocks is a region of <see cref="TinyGptDocSnippets"/>
/// (which runs them as tests), and its primitives table is what the snippet computes.
/// </summary>
public class TinyGptDocTests
{
    private static string Root => Dual.Testing.RepositoryFiles.Root;

    private static string Doc => File.ReadAllText(Path.Combine(Root, "docs", "tiny-gpt.md")).ReplaceLineEndings("\n");

    private static string[] CodeBlocks(string language) =>
        [.. Regex.Matches(Doc, $"```{language}\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value)];

    // The regions between "// doc-snippet: name" and "// end-snippet", each less its common indentation.
    private static Dictionary<string, string> Snippets()
    {
        var source = File.ReadAllText(Path.Combine(Root, "tests", "Dual.Models.Tests", "Docs", "TinyGptDocSnippets.cs")).ReplaceLineEndings("\n");
        return Regex.Matches(source, @"^[ \t]*// doc-snippet: (\S+)\n(.*?)^[ \t]*// end-snippet\n", RegexOptions.Singleline | RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => Dedent(m.Groups[2].Value));
    }

    private static string Dedent(string text)
    {
        var lines = text.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [Fact]
    public void Every_csharp_block_is_a_snippet_that_runs_and_every_snippet_is_shown()
    {
        var blocks = CodeBlocks("csharp");
        var snippets = Snippets();

        Assert.Equal(7, snippets.Count);
        foreach (var block in blocks)
            Assert.True(snippets.ContainsValue(block), $"This block of docs/tiny-gpt.md is not verbatim in TinyGptDocSnippets.cs:\n{block}");
        foreach (var (name, snippet) in snippets)
            Assert.True(blocks.Contains(snippet), $"Snippet '{name}' is not shown in docs/tiny-gpt.md.");
    }

    [Fact]
    public void The_primitives_table_is_what_the_snippet_computes()
    {
        var rows = Doc.Split('\n').SkipWhile(l => !l.StartsWith("| block |", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|')).ToArray();
        var expected = TinyGptDocSnippets.TableBlocks().Select(b => TinyGptDocSnippets.PrimitivesRow(b.Block, b.Model)).ToArray();

        Assert.Equal(expected, rows);
    }
}
