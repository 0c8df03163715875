namespace Dual.Onnx.Tests;

internal static class Close
{
    /// <summary>Asserts |actual − expected| ≤ tolerance·(1 + |expected|) element by element, naming the first that differs.</summary>
    public static void Assert(string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Xunit.Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values from ONNX Runtime, {expected.Length} from Dual");
        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            var ok = e.Equals(a) || Math.Abs(a - e) <= tolerance * (1 + Math.Abs(e));
            Xunit.Assert.True(ok, $"{what}[{i}]: ONNX Runtime {a:R}, Dual {e:R} (difference {Math.Abs(a - e):G3}, tolerance {tolerance:G3}·(1 + |Dual|))");
        }
    }
}
