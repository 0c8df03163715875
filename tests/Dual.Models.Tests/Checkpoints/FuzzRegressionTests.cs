using Dual.Fuzz;

namespace Dual.Models.Tests.Checkpoints;

/// <summary>
/// Every input the checkpoint fuzzer (fuzz/Dual.Fuzz) found to end in an unexpected exception, replayed through the same
/// target: each must now be refused with a <see cref="CheckpointException"/> (or load, or be refused when sampled),
/// never crash. The seeds must load, so the fuzzer starts from valid files.
/// </summary>
public sealed class FuzzRegressionTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "FuzzCases"), "*.bin").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_crashing_input_found_by_the_fuzzer_is_now_handled(string file)
    {
        var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "FuzzCases", file));

        var outcome = CheckpointTarget.Run(input);

        Assert.True(Enum.IsDefined(outcome), $"{file}: {outcome}");
    }

    [Fact]
    public void The_kept_cases_are_small_and_there_are_some() =>
        Assert.All(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "FuzzCases"), "*.bin"),
            f => Assert.InRange(new FileInfo(f).Length, 1, 64 * 1024));

    [Fact]
    public void Every_seed_loads_and_samples() =>
        Assert.All(Seeds.Create(), seed => Assert.Equal(CheckpointTarget.Outcome.Accepted, CheckpointTarget.Run(seed.Bytes)));
}
