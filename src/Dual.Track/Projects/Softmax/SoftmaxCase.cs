using Dual.Track.Grading;

namespace Dual.Track.Projects;

/// <summary>One generated case of project 8: logits [batch, classes] (row-major) and a label per row.</summary>
internal sealed record SoftmaxCase(int Batch, int Classes, double[] Logits, int[] Labels)
{
    public double[,] LogitsMatrix => DenseCase.Matrix(Logits, Batch, Classes);

    /// <summary>
    /// Fewer rows (the last or the first), then fewer classes (a label on the dropped class moves to class 0), then simpler labels and values.
    /// <paramref name="simpler"/> makes one value simpler; large logits keep their magnitude class while shrinking.
    /// </summary>
    public IEnumerable<SoftmaxCase> Shrink(int minClasses, Func<double, IEnumerable<double>> simpler)
    {
        if (Batch > 1)
        {
            yield return this with { Batch = Batch - 1, Logits = Logits[..((Batch - 1) * Classes)], Labels = Labels[..^1] };
            yield return this with { Batch = Batch - 1, Logits = Logits[Classes..], Labels = Labels[1..] };
        }

        if (Classes > minClasses)
        {
            var kept = Logits.Where((_, k) => k % Classes != Classes - 1).ToArray();
            yield return this with { Classes = Classes - 1, Logits = kept, Labels = [.. Labels.Select(y => y == Classes - 1 ? 0 : y)] };
        }

        for (var i = 0; i < Labels.Length; i++)
        {
            if (Labels[i] > 0)
            {
                var labels = (int[])Labels.Clone();
                labels[i] = 0;
                yield return this with { Labels = labels };
            }
        }

        for (var k = 0; k < Logits.Length; k++)
        {
            foreach (var v in simpler(Logits[k]))
            {
                var logits = (double[])Logits.Clone();
                logits[k] = v;
                yield return this with { Logits = logits };
            }
        }
    }

    public override string ToString() =>
        $"batch={Batch}, classes={Classes}, logits={Numbers.Text(LogitsMatrix)}, labels=[{string.Join(", ", Labels)}]";
}
