namespace Dual.Track;

/// <summary>The last check of one project, as kept in <c>.dual/progress.json</c>.</summary>
/// <param name="Status">Its verdict.</param>
/// <param name="CheckedAt">When it was checked (UTC).</param>
public sealed record ProjectProgress(ProjectStatus Status, DateTimeOffset CheckedAt);
