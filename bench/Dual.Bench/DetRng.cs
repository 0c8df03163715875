namespace Dual.Bench;

/// <summary>
/// The workloads' shared generator (SplitMix64 with the peer harness's uniform, normal and
/// below rules), so Dual trains on exactly the peer's numbers.
/// </summary>
internal sealed class DetRng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextU64()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public double Uniform01() => (NextU64() >> 11) * (1.0 / 9007199254740992.0);

    public double Uniform(double low, double high) => low + (high - low) * Uniform01();

    public double Normal()
    {
        var u1 = Uniform01();
        var u2 = Uniform01();
        return Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double Normal(double mean, double std) => mean + std * Normal();

    public long Below(long n) => (long)(Uniform01() * n);
}
