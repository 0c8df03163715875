using System.Text;

namespace Dual.Track.Running;

/// <summary>Keeps the first characters the learner's code writes to the console and counts the rest, so a print loop cannot fill memory.</summary>
internal sealed class BoundedWriter(int limit) : TextWriter
{
    private readonly StringBuilder _kept = new();
    private long _dropped;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_kept)
        {
            if (_kept.Length < limit)
            {
                _kept.Append(value);
            }
            else
            {
                _dropped++;
            }
        }
    }

    /// <summary>What was written (cut at the limit, with the count of characters left out), or null if nothing.</summary>
    public string? Text()
    {
        lock (_kept)
        {
            if (_kept.Length == 0)
            {
                return null;
            }

            return _dropped == 0 ? _kept.ToString() : $"{_kept}\n... ({_dropped} more characters not kept)";
        }
    }
}
