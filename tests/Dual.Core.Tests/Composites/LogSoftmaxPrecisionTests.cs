namespace Dual.Tests.Composites;

/// <summary>
/// LogSoftmax and cross-entropy at logits of magnitude 1e4, against an independent computation in <see cref="decimal"/>
/// (28 digits: exp by its series, log by Newton's method). The logits are 1e4 + k/8, exact in binary and in decimal.
/// </summary>
public class LogSoftmaxPrecisionTests
{
    private static readonly int[][] Steps = [[0, 3, -5, 12, 7, -20], [1, 1, 2, -3, 0, 4], [-9, 16, 15, 14, -1, 0]];

    private static Tensor Logits() => Tensor.FromArray([Steps.Length, Steps[0].Length],
        [.. Steps.SelectMany(row => row.Select(k => 1e4 + k / 8.0))]);

    // log softmax of row r, element j, to ~25 digits: (k_j − k_max)/8 − log Σ exp((k_i − k_max)/8).
    private static decimal Expected(int r, int j)
    {
        var row = Steps[r];
        var max = row.Max();
        var sum = row.Sum(k => Exp((k - max) / 8m));
        return (row[j] - max) / 8m - Log(sum);
    }

    [Fact]
    public void LogSoftmax_at_logits_near_1e4_matches_a_28_digit_computation()
    {
        var x = Expr.Variable("x", [Steps.Length, Steps[0].Length]);
        var env = Env.Of(("x", Logits()));
        var value = x.LogSoftmax().Evaluate(env);
        var naive = (x - x.LogSumExp(-1, keepDims: true)).Evaluate(env);

        var (error, naiveError) = (0.0, 0.0);
        for (var r = 0; r < Steps.Length; r++)
            for (var j = 0; j < Steps[r].Length; j++)
            {
                var expected = (double)Expected(r, j);
                error = Math.Max(error, Math.Abs(value[r, j] - expected));
                naiveError = Math.Max(naiveError, Math.Abs(naive[r, j] - expected));
            }
        Assert.True(error < 1e-14, $"LogSoftmax is off by {error:E2}");
        // The form it replaced, x − logsumexp(x), rounds to the last place of 1e4: the check tells the two apart.
        Assert.True(naiveError > 1e-13, $"x − logsumexp(x) was expected to lose precision here, but is off by only {naiveError:E2}");
    }

    [Fact]
    public void Cross_entropy_at_logits_near_1e4_matches_a_28_digit_computation()
    {
        int[] targets = [3, 5, 0];
        var loss = Expr.SoftmaxCrossEntropy(Expr.Constant(Logits()), Expr.Constant(Tensor.Vector([.. targets.Select(t => (double)t)]))).Evaluate();
        var expected = -Enumerable.Range(0, targets.Length).Sum(r => Expected(r, targets[r])) / targets.Length;
        Assert.True(Math.Abs(loss.ToScalar() - (double)expected) < 1e-14, $"cross-entropy {loss.ToScalar():R} vs {(double)expected:R}");
    }

    [Fact]
    public void The_decimal_reference_agrees_with_doubles_where_doubles_are_exact_enough()
    {
        Assert.Equal(Math.Exp(-2.5), (double)Exp(-2.5m), 15);
        Assert.Equal(Math.Log(3.75), (double)Log(3.75m), 15);
        Assert.Equal(1m, Exp(0m));
    }

    private static decimal Exp(decimal x)
    {
        // exp(x) = exp(x / 2ᵏ)^(2ᵏ) with |x / 2ᵏ| ≤ 1/2, where the series converges fast.
        var halvings = 0;
        while (Math.Abs(x) > 0.5m)
        {
            x /= 2;
            halvings++;
        }
        decimal term = 1, sum = 1;
        for (var n = 1; n < 60 && term != 0; n++)
        {
            term *= x / n;
            sum += term;
        }
        for (; halvings > 0; halvings--) sum *= sum;
        return sum;
    }

    private static decimal Log(decimal s)
    {
        // Newton's method on exp(y) = s (Halley's form), from the double estimate.
        var y = (decimal)Math.Log((double)s);
        for (var i = 0; i < 6; i++)
        {
            var e = Exp(y);
            y += 2 * (s - e) / (s + e);
        }
        return y;
    }
}
