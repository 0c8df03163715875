using Markdig;
using Markdig.Renderers;

namespace Dual.Track.Web;

/// <summary>
/// A chapter's markdown to HTML with Markdig (tables, code blocks for the formulas). Raw HTML in the markdown is shown as
/// text, not passed through; relative links (the chapter's pictures) point at the project's asset route.
/// </summary>
internal static class ChapterRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public static string Render(string markdown, TrackProject project)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { LinkRewriter = link => Rewrite(link, project) };
        Pipeline.Setup(renderer);
        renderer.Render(Markdown.Parse(markdown, Pipeline));
        writer.Flush();
        return writer.ToString();
    }

    private static string Rewrite(string link, TrackProject project)
    {
        if (link.Length == 0 || link.StartsWith('#') || link.StartsWith('/') || link.Contains(':', StringComparison.Ordinal))
        {
            return link;
        }

        return $"/api/projects/{Uri.EscapeDataString(project.Id)}/assets/{Uri.EscapeDataString(link)}";
    }
}
