namespace Dual.Models.Tests;

/// <summary>
/// The one-document-per-step trainer against independent computations: a loss graph built with constant tokens for
/// each document, evaluated by <see cref="Trainer.ValueAndGrad"/>, and Adam written out by hand.
/// </summary>
public class MicroGptTrainerTests
{
    private static readonly string[] Documents = ["emma", "olivia", "ava", "isabellamariajosephine", "mia"];
    private static readonly CharTokenizer Tokenizer = CharTokenizer.FromText(string.Concat(Documents), withBos: true);
    private static readonly GptConfig Config = GptConfig.MicroGpt with { VocabSize = Tokenizer.VocabSize, BlockSize = 8 };

    private static MicroGptTrainer NewTrainer() => new(Config, Tokenizer, Documents, MicroGptTrainer.MicroGptAdam(10));

    // The loss of one document written out with constants: tokens [BOS, c1..cn, BOS], the first min(block, n+1) positions.
    private static Built<Expr> ConstantLoss(string document)
    {
        int[] ids = [Tokenizer.Bos, .. Tokenizer.Encode(document), Tokenizer.Bos];
        var m = Math.Min(Config.BlockSize, ids.Length - 1);
        var context = Expr.Constant(Tensor.Generate([m], t => ids[t]));
        var targets = Expr.Constant(Tensor.Generate([m], t => ids[t + 1]));
        return Layers.Gpt(context, Config).Select(l => Losses.SoftmaxCrossEntropy(l, targets)).Build();
    }

    [Fact]
    public void Tokens_are_the_document_between_two_BOS()
    {
        var trainer = NewTrainer();
        var bos = Tokenizer.Bos;

        Assert.Equal([bos, .. Tokenizer.Encode("ava"), bos], trainer.Tokens("ava"));
        Assert.Equal(trainer.Tokens(Documents[1]), trainer.TokensAt(1));
        Assert.Equal(trainer.Tokens(Documents[2]), trainer.TokensAt(2 + 3 * Documents.Length));
    }

    [Fact]
    public void Loss_and_gradients_match_a_graph_built_with_constants_including_a_document_longer_than_the_block()
    {
        var trainer = NewTrainer();
        var p = trainer.Init(3);
        foreach (var document in new[] { "mia", "isabellamariajosephine" })
        {
            var reference = ConstantLoss(document);
            var (expectedLoss, expectedGrads) = Trainer.ValueAndGrad(reference, p);

            var (loss, grads) = trainer.ValueAndGrad(p, trainer.Tokens(document));

            Assert.Equal(expectedLoss, loss, 1e-14);
            Assert.Equal(trainer.Parameters.Select(s => s.Path), grads.Keys);
            foreach (var (path, g) in expectedGrads)
                Assert.True(g.AllClose(grads[path], 1e-12, 1e-14), $"{document}: {path} differs by {g.MaxAbsDifference(grads[path]):R}");
            Assert.Equal(loss, trainer.Loss(p, trainer.Tokens(document)), 1e-14);
        }
    }

    [Fact]
    public void Steps_take_the_documents_in_order_and_apply_microgpts_Adam()
    {
        var trainer = NewTrainer();
        var p = trainer.Init(5);
        var state = trainer.InitState(p);
        var (m, v) = (p.Map((_, t) => Tensor.Zeros(t.Shape)), p.Map((_, t) => Tensor.Zeros(t.Shape)));
        var expected = p;

        for (var step = 0; step < 7; step++)
        {
            // Adam by hand: β1 0.85, β2 0.99, ε 1e-8, lr 0.01·(1 − t/10), bias correction with t + 1.
            var (expectedLoss, g) = Trainer.ValueAndGrad(ConstantLoss(Documents[step % Documents.Length]), expected);
            var lr = 0.01 * (1 - step / 10.0);
            var t = step + 1;
            m = m.Map((k, mk) => Tensor.Generate(mk.Shape, i => 0.85 * mk.Span[i] + 0.15 * g[k].Span[i]));
            v = v.Map((k, vk) => Tensor.Generate(vk.Shape, i => 0.99 * vk.Span[i] + 0.01 * g[k].Span[i] * g[k].Span[i]));
            var before = expected;
            expected = expected.Map((k, pk) => Tensor.Generate(pk.Shape, i =>
                pk.Span[i] - lr * (m[k].Span[i] / (1 - Math.Pow(0.85, t))) / (Math.Sqrt(v[k].Span[i] / (1 - Math.Pow(0.99, t))) + 1e-8)));

            double loss;
            (p, state, loss) = trainer.Step(p, state);

            Assert.Equal(expectedLoss, loss, 1e-12);
            Assert.Equal(step + 1, state.Step);
            foreach (var (k, value) in expected)
                Assert.True(value.AllClose(p[k], 1e-9, 1e-13), $"step {step + 1}: {k} differs by {value.MaxAbsDifference(p[k]):R}");
            Assert.False(before["wte"].Equals(p["wte"]));
        }
    }

    [Fact]
    public void The_schedule_decays_linearly_to_zero_and_stays_there()
    {
        var adam = MicroGptTrainer.MicroGptAdam(1000);

        Assert.Equal(0.01, adam.LearningRate.At(0));
        Assert.Equal(0.01 * (1 - 500 / 1000.0), adam.LearningRate.At(500));
        Assert.Equal(0.01 * (1 - 999 / 1000.0), adam.LearningRate.At(999));
        Assert.Equal(0.0, adam.LearningRate.At(1000));
        Assert.Equal(0.0, adam.LearningRate.At(5000));
        Assert.Equal((0.85, 0.99, 1e-8), (adam.Beta1, adam.Beta2, adam.Epsilon));
        Assert.Equal(0.5 * (1 - 3 / 10.0), MicroGptTrainer.MicroGptAdam(10, 0.5).LearningRate.At(3));
    }

    [Fact]
    public void The_mean_loss_is_the_mean_of_each_documents_loss()
    {
        var trainer = NewTrainer();
        var p = trainer.Init(11);
        var expected = Documents.Average(d => Evaluator.Evaluate(ConstantLoss(d).Value, p.ToEnv()).ToScalar());

        Assert.Equal(expected, trainer.MeanLoss(p, Documents), 1e-13);
        Assert.Throws<ArgumentException>(() => trainer.MeanLoss(p, []));
    }

    [Fact]
    public void The_microgpt_preset_has_4192_parameters_and_the_same_graph_for_the_same_length()
    {
        var golden = MicroGptGolden.Load();
        var trainer = MicroGptTrainer.ForGolden(golden);

        Assert.Equal(4192, trainer.ParameterCount);
        Assert.Same(trainer.LossModel(7), trainer.LossModel(7));
        Assert.Equal(trainer.Parameters.Select(p => p.Path), trainer.LossModel(16).Parameters.Select(p => p.Path));
    }

    [Fact]
    public void Mismatched_inputs_are_rejected_with_reasons()
    {
        var adam = MicroGptTrainer.MicroGptAdam();
        var noBos = CharTokenizer.FromText("abc");
        Assert.Contains("BOS", Assert.Throws<ArgumentException>(() => new MicroGptTrainer(Config, noBos, Documents, adam)).Message, StringComparison.Ordinal);
        Assert.Contains("VocabSize", Assert.Throws<ArgumentException>(() => new MicroGptTrainer(GptConfig.MicroGpt, Tokenizer, Documents, adam)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MicroGptTrainer(Config, Tokenizer, [], adam));
        var trainer = NewTrainer();
        Assert.Throws<ArgumentException>(() => trainer.ValueAndGrad(trainer.Init(0), [Tokenizer.Bos]));
        Assert.Throws<ArgumentException>(() => trainer.Tokens("Zoe"));
    }
}
