namespace Dual.Tests.Checking;

/// <summary>
/// The values a check case draws keep each domain's documented promise (docs of <see cref="Domain"/>): central
/// differences are only meaningful inside it, so a draw outside it would make the op properties check nothing or
/// fail for the wrong reason.
/// </summary>
public class CaseInstanceTests
{
    private static IEnumerable<(CaseInstance Instance, InputSpec Spec, double[] Values)> Draws()
    {
        foreach (var row in OpCatalog.All)
            for (var seed = 0; seed < 6; seed++)
            {
                var instance = row.Instantiate(Choices.Random(seed), 17 * seed + 1);
                for (var i = 0; i < instance.Inputs.Count; i++)
                    if (instance.Inputs[i].IsDifferentiable)
                        yield return (instance, instance.Inputs[i], instance.Point[((char)('a' + i)).ToString()].ToArray());
            }
    }

    [Fact]
    public void Every_draw_lies_in_its_domain()
    {
        var draws = Draws().ToList();
        foreach (var (instance, spec, values) in draws)
        {
            var where = $"{instance} ({spec.Domain})";
            foreach (var v in values)
            {
                switch (spec.Domain)
                {
                    case Domain.Any: Assert.InRange(v, -2, 2); break;
                    case Domain.Positive: Assert.InRange(v, 0.2, 2); break;
                    case Domain.AwayFromZero: Assert.InRange(Math.Abs(v), 0.2, 2); break;
                    case Domain.Distinct:
                        // Grid points 0.1 apart around 0 with jitter below 0.025.
                        Assert.True(Math.Abs(v - Math.Round(v / 0.1) * 0.1) <= 0.025, $"{where}: {v} is off the 0.1 grid");
                        break;
                }
            }
        }
        // Both signs occur away from zero, and the wide domains are not collapsed to a corner.
        var away = draws.Where(d => d.Spec.Domain == Domain.AwayFromZero).SelectMany(d => d.Values).ToList();
        Assert.Contains(away, v => v < 0);
        Assert.Contains(away, v => v > 0);
        var any = draws.Where(d => d.Spec.Domain == Domain.Any).SelectMany(d => d.Values).ToList();
        Assert.True(any.Min() < -1 && any.Max() > 1, $"Any spans [{any.Min()}, {any.Max()}]");
        var positive = draws.Where(d => d.Spec.Domain == Domain.Positive).SelectMany(d => d.Values).ToList();
        Assert.True(positive.Min() < 0.6 && positive.Max() > 1.6, $"Positive spans [{positive.Min()}, {positive.Max()}]");
    }

    [Fact]
    public void Distinct_draws_of_a_case_are_at_least_a_twentieth_apart_and_centred()
    {
        foreach (var group in Draws().Where(d => d.Spec.Domain == Domain.Distinct).GroupBy(d => d.Instance))
        {
            var values = group.SelectMany(d => d.Values).Order().ToArray();
            for (var k = 1; k < values.Length; k++)
                Assert.True(values[k] - values[k - 1] >= 0.05, $"{group.Key}: {values[k - 1]} and {values[k]} are too close");
            Assert.True(values.All(v => Math.Abs(v) <= (values.Length / 2 + 1) * 0.1), $"{group.Key}: not centred on 0: {string.Join(", ", values)}");
        }
    }

    [Fact]
    public void Cases_name_their_variables_a_b_c_and_print_their_row_and_shapes()
    {
        var add = OpCatalog.Find("Add")!.Instantiate(Choices.Random(1), 1);
        Assert.Equal(["a", "b"], add.Point.Keys.Order());
        Assert.Equal($"Add {add.Inputs[0].Shape} {add.Inputs[1].Shape}", add.ToString());
        Assert.Equal($"{add.Inputs[0].Shape} {add.Inputs[1].Shape}", add.ShapesText);
    }

    [Fact]
    public void A_domain_outside_the_enumeration_is_refused_when_drawn()
    {
        var row = PrimitiveCheck.Case(Dual.Tests.Ops.UserPrimitives.Sigmoid, new() { Domain = (Domain)99 });
        var e = Assert.Throws<ArgumentOutOfRangeException>("spec", () => row.Instantiate(new Choices([1, 1]), 1));
        Assert.StartsWith("Unknown domain.", e.Message, StringComparison.Ordinal);
        Assert.Equal((Domain)99, e.ActualValue);
    }

    [Theory]
    [InlineData(Domain.Any, true)]
    [InlineData(Domain.Distinct, true)]
    [InlineData(Domain.Mask, false)]
    [InlineData(Domain.Index, false)]
    public void Masks_and_indices_are_never_differentiated(Domain domain, bool differentiable) =>
        Assert.Equal(differentiable, new InputSpec(Shape.Create([2]), domain).IsDifferentiable);
}
