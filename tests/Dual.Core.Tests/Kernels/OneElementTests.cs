using Dual.Kernels;
using Dual.Tests.Execution;

namespace Dual.Tests.Kernels;

/// <summary>
/// <see cref="OneElement"/> computes what each covered primitive's kernel writes for one element, bit for bit, at the
/// kernels' edge values and at random values over the whole exponent range; and the comparison catches one-element
/// functions that are right in value but wrong in the last bit or the sign of zero.
/// </summary>
public class OneElementTests
{
    public delegate double Scalar(double a, double b, double c);

    private static readonly string[] Unary = ["Neg", "Exp", "Log", "Tanh", "Sqrt", "Abs", "Sign", "StopGradient", "Sum", "BroadcastTo", "Reshape", "Gelu", "GeluDerivative", "Sigmoid"];
    private static readonly string[] Binary = ["Add", "Sub", "Mul", "Div", "Greater", "GreaterEqual", "Equal"];

    public static TheoryData<string> Rows() =>
        [.. Unary, .. Binary, "Where", .. ScalarGraph.Exponents.Select(p => $"Pow {p}")];

    [Theory, MemberData(nameof(Rows))]
    public void One_element_matches_the_kernel_bit_for_bit(string row)
    {
        var (node, op, p) = Node(row);
        Assert.True(OneElement.Covers(op));
        Assert.Null(FirstMismatch(node, (a, b, c) => OneElement.Apply(op, a, b, c, p)));
    }

    [Fact]
    public void A_primitive_it_does_not_cover_is_refused_by_name()
    {
        foreach (var op in Enum.GetValues<OpKind>().Where(k => !OneElement.Covers(k)))
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => OneElement.Apply(op, 1.0, 2.0, 3.0, 2.0));
            Assert.Equal($"not a one-element primitive (Parameter 'op'){Environment.NewLine}Actual value was {op}.", e.Message);
        }
    }

    [Fact]
    public void Every_covered_primitive_has_a_row()
    {
        var rows = ((IEnumerable<object[]>)Rows()).Select(r => Node((string)r[0]).Op).ToHashSet();
        Assert.All(Enum.GetValues<OpKind>().Where(OneElement.Covers), op => Assert.Contains(op, rows));
    }

    // Wrong one-element functions kept as test data: each equals the kernel almost everywhere.
    public static TheoryData<string, string> WrongFunctions() => new()
    {
        { "Sum", "-0" },            // a sum of one element taken as the element itself: the kernel starts from +0
        { "Sigmoid", "" },          // ½(tanh(x/2) + 1): the same function, other roundings
        { "Pow 3", "" },            // Math.Pow(x, 3) instead of the kernel's x·x·x
        { "Exp", "NaN" },           // exp(NaN) given as 0
        { "Where", "NaN" },         // a NaN condition taken as false
    };

    [Theory, MemberData(nameof(WrongFunctions))]
    public void A_wrong_one_element_function_is_caught_and_named(string row, string mentioned)
    {
        var (node, _, _) = Node(row);
        Scalar wrong = row switch
        {
            "Sum" => (a, _, _) => a,
            "Sigmoid" => (a, _, _) => 0.5 * (Math.Tanh(a / 2) + 1),
            "Pow 3" => (a, _, _) => Math.Pow(a, 3),
            "Exp" => (a, _, _) => double.IsNaN(a) ? 0 : Math.Exp(a),
            _ => (a, b, c) => a != 0 && !double.IsNaN(a) ? b : c,
        };
        var message = FirstMismatch(node, wrong);
        Assert.NotNull(message);
        Assert.StartsWith(node.OpName, message);
        Assert.Contains(mentioned, message);
    }

    // The first operands at which the node's kernel and the one-element function differ in any bit, or null.
    private static string? FirstMismatch(Expr node, Scalar oneElement)
    {
        var kernel = node.Definition!.Prepare(node);
        var output = new double[1];
        foreach (var operands in Operands(node.Inputs.Count))
        {
            kernel(operands.Select(v => new[] { v }).ToArray(), output);
            var (a, b, c) = (operands[0], operands.Length > 1 ? operands[1] : 0, operands.Length > 2 ? operands[2] : 0);
            var expected = oneElement(a, b, c);
            if (BitConverter.DoubleToInt64Bits(output[0]) != BitConverter.DoubleToInt64Bits(expected))
                return $"{node.OpName}({string.Join(", ", operands.Select(v => v.ToString("R")))}): kernel {output[0]:R}, one element {expected:R}";
        }
        return null;
    }

    // Edge values and random ones across the exponent range; pairs and triples of the edge values (conditions 0, −0, 1, NaN).
    private static IEnumerable<double[]> Operands(int arity)
    {
        var rng = new MathNet.Numerics.Random.MersenneTwister(11, threadSafe: false);
        var random = Enumerable.Range(0, 2000).Select(_ => (rng.NextDouble() < 0.5 ? -1 : 1) * rng.NextDouble() * Math.Pow(10, rng.Next(-12, 4))).ToArray();
        var values = ScalarGraph.Values.Concat(random).ToArray();
        return arity switch
        {
            1 => values.Select(v => new[] { v }),
            2 => from a in ScalarGraph.Values.Concat(random.Take(40)) from b in ScalarGraph.Values.Concat(random.Take(40)) select new[] { a, b },
            _ => from c in new[] { 0.0, -0.0, 1.0, double.NaN } from a in ScalarGraph.Values from b in ScalarGraph.Values.Take(12) select new[] { c, a, b },
        };
    }

    private static (Expr Node, OpKind Op, double P) Node(string row)
    {
        var (x, y, z, v) = (Expr.Variable("x"), Expr.Variable("y"), Expr.Variable("z"), Expr.Variable("v", [1]));
        if (row.StartsWith("Pow ", StringComparison.Ordinal))
        {
            var p = double.Parse(row[4..], System.Globalization.CultureInfo.InvariantCulture);
            return (x.Pow(p), OpKind.Pow, p);
        }
        var node = row switch
        {
            "Neg" => -x,
            "Exp" => x.Exp(),
            "Log" => x.Log(),
            "Tanh" => x.Tanh(),
            "Sqrt" => x.Sqrt(),
            "Abs" => x.Abs(),
            "Sign" => x.Sign(),
            "StopGradient" => x.StopGradient(),
            "Sum" => v.Sum(),
            "BroadcastTo" => x.BroadcastTo([1, 1]),
            "Reshape" => v.Reshape([1, 1]),
            "Gelu" => x.Gelu(),
            "GeluDerivative" => x.GeluDerivative(),
            "Sigmoid" => x.Sigmoid(),
            "Add" => x + y,
            "Sub" => x - y,
            "Mul" => x * y,
            "Div" => x / y,
            "Greater" => x.Greater(y),
            "GreaterEqual" => x.GreaterEqual(y),
            "Equal" => x.Equal(y),
            "Where" => Expr.Where(z, x, y),
            _ => throw new ArgumentException(row),
        };
        Assert.Equal(row, node.Op.ToString());
        return (node, node.Op, 0.0);
    }
}
