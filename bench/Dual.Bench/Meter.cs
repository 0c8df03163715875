using System.Diagnostics;

namespace Dual.Bench;

/// <summary>
/// Per-step wall-clock times plus what the steps cost the garbage collector: bytes allocated on
/// this thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), page faults and collections of each
/// generation, counted only between <see cref="Open"/> and <see cref="Close"/> (the timed steps).
/// </summary>
internal sealed class Meter
{
    private readonly List<double> _ms = [];
    private long _bytes, _totalBytes, _bytesAtOpen, _totalAtOpen, _faults, _faultsAtOpen;
    private int _gen0, _gen2, _gen0AtOpen, _gen2AtOpen, _steps;
    private bool _open;

    public IReadOnlyList<double> Milliseconds => _ms;

    /// <summary>Starts (or resumes) counting allocations and collections.</summary>
    public void Open()
    {
        _open = true;
        _gen0AtOpen = GC.CollectionCount(0);
        _gen2AtOpen = GC.CollectionCount(2);
        _totalAtOpen = GC.GetTotalAllocatedBytes(precise: false);
        _bytesAtOpen = GC.GetAllocatedBytesForCurrentThread();
        _faultsAtOpen = PageFaults.Minor();
    }

    /// <summary>Stops counting; <paramref name="steps"/> steps ran since <see cref="Open"/>.</summary>
    public void Close(int steps)
    {
        var faults = PageFaults.Minor();
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        _faults += faults - _faultsAtOpen;
        _bytes += bytes - _bytesAtOpen;
        _totalBytes += GC.GetTotalAllocatedBytes(precise: false) - _totalAtOpen;
        _gen0 += GC.CollectionCount(0) - _gen0AtOpen;
        _gen2 += GC.CollectionCount(2) - _gen2AtOpen;
        _steps += steps;
        _open = false;
    }

    /// <summary>Records one step that ran from <paramref name="start"/> to <paramref name="end"/> (<see cref="Stopwatch.GetTimestamp"/> values).</summary>
    public void Record(long start, long end)
    {
        Debug.Assert(_open);
        _ms.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
    }

    public double MedianMs => Timing.Median(_ms);

    public double MeanMs => _ms.Average();

    /// <summary>Minor page faults per counted step: fresh memory the steps touched.</summary>
    public double FaultsPerStep => Math.Round((double)_faults / Math.Max(1, _steps), 1);

    /// <summary>The usual tail of a result line: allocation per step and collections during the timed steps.</summary>
    public (string, double)[] GcFields() =>
    [
        ("alloc_kb_per_step", Math.Round(_bytes / 1024.0 / Math.Max(1, _steps), 1)),
        ("alloc_all_threads_kb_per_step", Math.Round(_totalBytes / 1024.0 / Math.Max(1, _steps), 1)),
        ("faults_per_step", FaultsPerStep),
        ("gen0", _gen0),
        ("gen2", _gen2),
    ];
}
