namespace Dual.Models.Tests;

/// <summary>
/// The microgpt configuration against Karpathy's microgpt itself (the golden trace in
/// <c>data/golden/microgpt-seed42/</c>, see <see cref="MicroGptGolden"/>): with the golden initial weights the
/// first loss is the one CPython computed, and 1,000 steps of training in microgpt's document order with its Adam
/// give every one of its 1,000 losses.
/// </summary>
public class MicroGptGoldenTests
{
    /// <summary>Step 1 of <c>losses.txt</c>: the loss on "yuheng" (the first document in training order) at the initial weights.</summary>
    private const double GoldenFirstLoss = 3.3659669475848504;

    /// <summary>Step 1000 of <c>losses.txt</c>.</summary>
    private const double GoldenFinalLoss = 2.6496944697407585;

    private static readonly Lazy<MicroGptGolden> Golden = new(() => MicroGptGolden.Load());

    [Fact]
    public void The_trace_has_microgpts_sizes()
    {
        var golden = Golden.Value;

        Assert.Equal(32033, golden.Documents.Count);
        Assert.Equal(1000, golden.Losses.Count);
        Assert.Equal(4192, golden.Init.TotalSize);
        Assert.Equal("yuheng", golden.Documents[0]);
        Assert.Equal(GoldenFirstLoss, golden.Losses[0]);
        Assert.Equal(GoldenFinalLoss, golden.Losses[^1]);
        var tokenizer = golden.Tokenizer();
        Assert.Equal("abcdefghijklmnopqrstuvwxyz", string.Concat(tokenizer.Alphabet));
        Assert.Equal(26, tokenizer.Bos);
    }

    [Fact]
    public void The_microgpt_config_with_the_golden_weights_reproduces_microgpts_first_loss()
    {
        // microgpt's tokens: BOS = 26, letters a…z = 0…25; "yuheng" is BOS y u h e n g BOS, 7 positions.
        var ids = new[] { 26 }.Concat("yuheng".Select(ch => ch - 'a')).Append(26).ToArray();
        var tokens = Expr.Constant(Tensor.Generate([7], t => ids[t]));
        var targets = Expr.Constant(Tensor.Generate([7], t => ids[t + 1]));
        var built = Layers.Gpt(tokens, GptConfig.MicroGpt).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets)).Build();
        var golden = Golden.Value.Init;
        golden.Validate(built.Parameters);

        var loss = built.Value.Evaluate(golden.ToEnv()).ToScalar();

        Assert.Equal(GoldenFirstLoss, loss, 1e-12);
    }

    [Fact]
    public void Training_from_the_golden_weights_reproduces_all_1000_of_microgpts_losses()
    {
        var golden = Golden.Value;
        var trainer = MicroGptTrainer.ForGolden(golden);
        var parameters = golden.Init;
        var state = trainer.InitState(parameters);

        var losses = new double[golden.Losses.Count];
        for (var step = 0; step < losses.Length; step++)
        {
            (parameters, state, losses[step]) = trainer.Step(parameters, state);
        }

        var worst = Enumerable.Range(0, losses.Length).MaxBy(s => Math.Abs(losses[s] - golden.Losses[s]));
        Assert.True(Math.Abs(losses[worst] - golden.Losses[worst]) <= 1e-10,
            $"step {worst + 1}: Dual {losses[worst]:R}, microgpt {golden.Losses[worst]:R} (first steps: {string.Join(", ", losses.Take(3).Select(l => l.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))})");
        Assert.Equal(GoldenFinalLoss, losses[^1], 1e-12);
        Assert.Equal(1000, state.Step);
    }

    [Fact]
    public void A_training_session_replays_the_pure_steps_bit_for_bit()
    {
        var golden = Golden.Value;
        var trainer = MicroGptTrainer.ForGolden(golden);
        var parameters = golden.Init;
        var state = trainer.InitState(parameters);
        var session = trainer.Session(golden.Init);

        for (var step = 0; step < golden.Losses.Count; step++)
        {
            double loss;
            (parameters, state, loss) = trainer.Step(parameters, state);
            var report = trainer.Step(session);
            Assert.True(loss.Equals(report.Loss), $"step {step + 1}: pure {loss:R}, session {report.Loss:R}");
        }

        foreach (var (path, value) in parameters)
            Assert.True(value.Equals(session.Parameters[path]), $"{path} differs by {value.MaxAbsDifference(session.Parameters[path]):R}");
        Assert.Equal(golden.Init.Keys, session.Parameters.Keys);
    }
}
