namespace Dual.Cli.Tests;

/// <summary>Every <c>dual …</c> command line shown in a code block of the README or the tiny-GPT page parses without a usage error.</summary>
public class DocCommandsTests
{
    public static TheoryData<string, string> Commands()
    {
        var data = new TheoryData<string, string>();
        var root = Dual.Testing.RepositoryFiles.Root;
        foreach (var doc in new[] { "README.md", Path.Combine("docs", "tiny-gpt.md"), Path.Combine("docs", "export.md") })
        {
            var inBlock = false;
            foreach (var line in File.ReadAllLines(Path.Combine(root, doc)))
            {
                if (line.StartsWith("```", StringComparison.Ordinal)) inBlock = !inBlock;
                else if (inBlock && line.StartsWith("dual ", StringComparison.Ordinal)) data.Add(doc, line.Split('#')[0].Trim());
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(Commands))]
    public void A_command_shown_in_the_docs_parses(string doc, string line)
    {
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];

        var result = App.CreateRoot(TextWriter.Null, TextWriter.Null).Parse(args);

        Assert.True(result.Errors.Count == 0, $"{doc}: `{line}`: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    [Fact]
    public void The_docs_show_the_gpt_commands()
    {
        var lines = Commands().Select(row => (string)row[1]).ToArray();

        Assert.Contains("dual train names", lines);
        Assert.Contains(lines, l => l.StartsWith("dual sample --checkpoint", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dual graph neuron", StringComparison.Ordinal));
    }
}
