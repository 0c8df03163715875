using System.Globalization;

namespace Dual.Models.Tests;

/// <summary>
/// The microgpt configuration against Karpathy's microgpt itself: with the golden initial weights
/// (<c>TestData/microgpt-seed42/init.txt</c>, copied from the peers' golden trace, matrices stored <c>[out][in]</c>)
/// the first training document's loss is the one CPython computed.
/// </summary>
public class MicroGptGoldenTests
{
    /// <summary>Step 1 of <c>losses.txt</c>: the loss on "yuheng" (the first document in training order) at the initial weights.</summary>
    private const double GoldenFirstLoss = 3.3659669475848504;

    private static Params LoadGoldenInit()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "microgpt-seed42", "init.txt"))
            .Where(l => !l.StartsWith('#')).ToArray();
        var values = new List<KeyValuePair<string, Tensor>>();
        for (var i = 0; i < lines.Length;)
        {
            var head = lines[i++].Split(' ');
            var (name, rows, cols) = (head[0], int.Parse(head[1], CultureInfo.InvariantCulture), int.Parse(head[2], CultureInfo.InvariantCulture));
            var m = new double[rows, cols];
            for (var r = 0; r < rows; r++)
            {
                var cells = lines[i++].Split(' ');
                for (var c = 0; c < cols; c++) m[r, c] = double.Parse(cells[c], CultureInfo.InvariantCulture);
            }
            // Embeddings are tables [rows = ids]; every other matrix is [out][in] (y = W x) and Dual's are [in, out] (y = x·W).
            var tensor = name is "wte" or "wpe" ? Tensor.FromArray(m) : Tensor.FromArray(Transpose(m));
            var path = name switch
            {
                "wte" or "wpe" => name,
                "lm_head" => "lm_head.w",
                _ => "h" + name["layer".Length..].Replace(".attn_", ".attn.", StringComparison.Ordinal)
                    .Replace(".mlp_fc1", ".mlp.fc1.w", StringComparison.Ordinal).Replace(".mlp_fc2", ".mlp.fc2.w", StringComparison.Ordinal),
            };
            values.Add(new(path, tensor));
        }
        return Params.Of(values);
    }

    private static double[,] Transpose(double[,] m)
    {
        var t = new double[m.GetLength(1), m.GetLength(0)];
        for (var r = 0; r < m.GetLength(0); r++)
            for (var c = 0; c < m.GetLength(1); c++) t[c, r] = m[r, c];
        return t;
    }

    [Fact]
    public void The_microgpt_config_with_the_golden_weights_reproduces_microgpts_first_loss()
    {
        // microgpt's tokens: BOS = 26, letters a…z = 0…25; "yuheng" is BOS y u h e n g BOS, 7 positions.
        var ids = new[] { 26 }.Concat("yuheng".Select(ch => ch - 'a')).Append(26).ToArray();
        var tokens = Expr.Constant(Tensor.Generate([7], t => ids[t]));
        var targets = Expr.Constant(Tensor.Generate([7], t => ids[t + 1]));
        var built = Layers.Gpt(tokens, GptConfig.MicroGpt).Select(logits => Losses.SoftmaxCrossEntropy(logits, targets)).Build();
        var golden = LoadGoldenInit();
        golden.Validate(built.Parameters);

        var loss = built.Value.Evaluate(golden.ToEnv()).ToScalar();

        Assert.Equal(GoldenFirstLoss, loss, 1e-12);
    }
}
