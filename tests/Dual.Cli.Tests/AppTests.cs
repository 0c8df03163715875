namespace Dual.Cli.Tests;

public class AppTests
{
    [Theory]
    [InlineData("--lr", new[] { "neuron", "--lr", "abc" })]
    [InlineData("--lr", new[] { "neuron", "--lr", "-0.1" })]
    [InlineData("--lr", new[] { "neuron", "--lr", "NaN" })]
    [InlineData("--steps", new[] { "neuron", "--steps", "-1" })]
    [InlineData("--w", new[] { "neuron", "--w", "Infinity" })]
    [InlineData("--bogus", new[] { "neuron", "--bogus" })]
    [InlineData("frobnicate", new[] { "frobnicate" })]
    public void Usage_errors_exit_2_and_name_the_culprit_on_stderr(string culprit, string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(culprit, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void No_command_is_a_usage_error()
    {
        var run = CliRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.NotEqual("", run.Stderr);
    }

    [Fact]
    public void Help_exits_0_and_lists_the_commands_on_stdout()
    {
        var run = CliRun.Of("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("neuron", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("gradcheck", run.Stdout, StringComparison.Ordinal);
    }
}
