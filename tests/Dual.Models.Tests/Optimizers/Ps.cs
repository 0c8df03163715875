namespace Dual.Models.Tests.Optimizers;

/// <summary>Short ways to write parameters and gradients in optimizer tests.</summary>
internal static class Ps
{
    public static Params Of(params (string Path, Tensor Value)[] values) =>
        Params.Of(values.Select(v => new KeyValuePair<string, Tensor>(v.Path, v.Value)));

    /// <summary>One scalar-vector parameter "p" = [value].</summary>
    public static Params P(double value) => Of(("p", Tensor.Vector(value)));

    public static double Value(Params ps, string path = "p") => ps[path].Span[0];

    /// <summary>A deep copy of every value, to compare against after a call that must not change anything.</summary>
    public static Dictionary<string, double[]> Snapshot(Params ps) => ps.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());

    public static void Unchanged(Dictionary<string, double[]> snapshot, Params ps)
    {
        Assert.Equal(snapshot.Keys, ps.Keys);
        foreach (var (path, values) in snapshot) Assert.Equal(values, ps[path].ToArray());
    }
}
