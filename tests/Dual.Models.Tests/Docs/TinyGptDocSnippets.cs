using Dual.Models;

namespace Dual.Models.Tests.Docs;

/// <summary>
/// The code of <c>docs/tiny-gpt.md</c>, run. Each region between <c>// doc-snippet: name</c> and <c>// end-snippet</c> is
/// copied verbatim (less its indentation) into the document; <see cref="TinyGptDocTests"/> checks that every C# block of
/// the document is one of these regions, and that the primitives table printed there is what <see cref="PrimitivesRow"/> computes.
/// </summary>
public sealed class TinyGptDocSnippets : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dual-doc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // doc-snippet: primitives
    static string Primitives(IEnumerable<Expr> nodes) => string.Join(", ", nodes
        .Select(n => n.Op)
        .Where(op => op is not (OpKind.Constant or OpKind.Variable))
        .Distinct()
        .Order());

    static (string Forward, string Backward) ForwardAndBackward(Expr y)
    {
        var forward = Graph.TopologicalOrder(y);
        var gradients = Grad.Vjp(y, Expr.Variable("dy", y.Shape), [.. Graph.Variables(y)]);
        var seen = forward.ToHashSet(ReferenceEqualityComparer.Instance);
        var backward = Graph.TopologicalOrder(gradients).Where(n => !seen.Contains(n));
        return (Primitives(forward), Primitives(backward));
    }
    // end-snippet

    /// <summary>A row of the document's table: <c>| block | forward primitives | backward primitives |</c>.</summary>
    internal static string PrimitivesRow(string block, Model<Expr> model)
    {
        var (forward, backward) = ForwardAndBackward(model.Build().Value);
        return $"| {block} | {forward} | {backward} |";
    }

    /// <summary>The blocks of the table, in its order, at microgpt's sizes (5 positions).</summary>
    internal static IEnumerable<(string Block, Model<Expr> Model)> TableBlocks()
    {
        var c = GptConfig.MicroGpt;
        var x = Expr.Variable("x", [5, 16]);
        var ids = Expr.Constant(Tensor.Generate([5], i => i));
        var next = Expr.Constant(Tensor.Generate([5], i => i + 1));
        yield return ("Embedding", Layers.Embedding(ids, 27, 16));
        yield return ("RmsNorm (microgpt: no gain)", Layers.Norm(x, c));
        yield return ("LayerNorm (B5)", Layers.Norm(x, GptConfig.Shakespeare with { Width = 16 }));
        yield return ("CausalSelfAttention", Layers.CausalSelfAttention(x, c));
        yield return ("FeedForward, ReLU (microgpt)", Layers.FeedForward(x, 64, h => h.Relu(), bias: false));
        yield return ("FeedForward, GELU (B5)", Layers.FeedForward(x, 64, h => h.Gelu()));
        yield return ("TransformerBlock", Layers.TransformerBlock(x, c));
        yield return ("Gpt + cross-entropy", Layers.Gpt(ids, c).Select(logits => Losses.SoftmaxCrossEntropy(logits, next)));
    }

    [Fact]
    public void Build_microgpt()
    {
        // doc-snippet: build
        var tokens = Expr.Variable("tokens", [7]);    // "emma": BOS e m m a BOS -> 5 positions; "yuheng" -> 7
        var targets = Expr.Variable("targets", [7]);
        var built = Layers.Gpt(tokens, GptConfig.MicroGpt)
            .Select(logits => Losses.SoftmaxCrossEntropy(logits, targets))
            .Build();
        Console.WriteLine(Params.Of(built.Parameters.Select(p => KeyValuePair.Create(p.Path, Tensor.Zeros(p.Shape)))).Summary());
        // end-snippet

        Assert.Equal(4192, built.ParameterCount);
        Assert.Equal(["wte", "wpe", "h0.attn.wq", "h0.attn.wk", "h0.attn.wv", "h0.attn.wo", "h0.mlp.fc1.w", "h0.mlp.fc2.w", "lm_head.w"],
            built.Parameters.Select(p => p.Path));
    }

    [Fact]
    public void The_transformer_block_row_is_computed_by_the_snippet()
    {
        var (forward, backward) = ForwardAndBackward(Layers.TransformerBlock(Expr.Variable("x", [5, 16]), GptConfig.MicroGpt).Build().Value);

        Assert.Contains("MatMul", forward, StringComparison.Ordinal);
        Assert.Contains("MatMul", backward, StringComparison.Ordinal);
        Assert.DoesNotContain("Exp", backward, StringComparison.Ordinal); // exp's VJP reuses its output: dy·y
    }

    [Fact]
    public void Gradcheck_a_block()
    {
        // doc-snippet: gradcheck
        var block = BlockCatalog.Find("TinyMicroGpt")!.Instantiate(seed: 1);
        var report = block.Check();   // central differences, forward vs reverse, Taylor remainder
        Console.WriteLine(report.Passed);   // True
        // end-snippet

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void Causality()
    {
        // doc-snippet: causality
        var x = Expr.Variable("x", [1, 6, 16]);
        var trunk = Layers.GptTrunk(x, GptConfig.MicroGpt).Build();
        var env = trunk.Init(0).ToEnv(Env.Of(("x", Tensor.RandomNormal([1, 6, 16], seed: 1))));
        var onlyPosition2 = Tensor.Generate([1, 6, 16], i => i / 16 == 2 ? 1.0 : 0.0);
        var dx = Grad.Vjp(trunk.Value, Expr.Constant(onlyPosition2), x)[0].Evaluate(env);
        // dx[0, t, c] is exactly 0.0 for t = 3, 4, 5: output position 2 never looks ahead
        // end-snippet

        for (var t = 0; t < 6; t++)
            for (var c = 0; c < 16; c++)
                Assert.True(t > 2 ? dx[0, t, c] == 0.0 : true, $"dx[0, {t}, {c}] = {dx[0, t, c]}");
        Assert.Contains(Enumerable.Range(0, 16), c => dx[0, 2, c] != 0.0);
        Assert.Contains(Enumerable.Range(0, 16), c => dx[0, 0, c] != 0.0);
    }

    [Fact]
    public void Golden_steps_sample_and_save()
    {
        // doc-snippet: golden
        var golden = MicroGptGolden.Load();                 // data/golden/microgpt-seed42
        var trainer = MicroGptTrainer.ForGolden(golden);    // GptConfig.MicroGpt, microgpt's name order and Adam
        var (p, state) = (golden.Init, trainer.InitState(golden.Init));
        var losses = new List<double>();
        for (var step = 0; step < 10; step++)
        {
            (p, state, var loss) = trainer.Step(p, state);
            losses.Add(loss);                                // == golden.Losses[step], to about 1e-15
        }
        // end-snippet

        for (var s = 0; s < 10; s++) Assert.Equal(golden.Losses[s], losses[s], 1e-13);
        var path = Path.Combine(_dir, "names.safetensors");

        // doc-snippet: sample
        var sampler = new GptSampler(GptConfig.MicroGpt, p);
        var bos = trainer.Tokenizer.Bos;
        var drawn = sampler.Generate([bos], maxTokens: 16, temperature: 0.5, topK: null, seed: 42, stopToken: bos);
        Console.WriteLine(trainer.Tokenizer.Decode(drawn));
        // end-snippet

        // doc-snippet: checkpoint
        new GptCheckpoint("names", GptConfig.MicroGpt, trainer.Tokenizer, p, state.Step, state).Save(path);
        var again = GptCheckpoint.Load(path);   // every tensor checked against the model its config describes
        // end-snippet

        Assert.InRange(drawn.Length, 0, 16);
        Assert.DoesNotContain(bos, drawn);
        Assert.Equal(10, again.Step);
        Assert.True(again.Params["wte"].Equals(p["wte"]));
    }
}
