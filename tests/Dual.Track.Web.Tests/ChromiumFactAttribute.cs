namespace Dual.Track.Web.Tests;

/// <summary>A test that needs the system's chromium: skipped, with the reason, when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where the distribution's package puts the browser.</summary>
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"no headless browser: {Executable} is missing (install it with `apt-get install -y chromium`; .ci/run does)";
        }
    }
}
