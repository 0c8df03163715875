using MathNet.Numerics.LinearAlgebra;

namespace Dual;

public sealed partial class Tensor
{
    /// <summary>A matrix tensor holding a copy of a MathNet matrix.</summary>
    public static Tensor FromMatrix(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return new(Shape.Of(matrix.RowCount, matrix.ColumnCount), matrix.ToRowMajorArray());
    }

    /// <summary>A vector tensor holding a copy of a MathNet vector.</summary>
    public static Tensor FromVector(Vector<double> vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new(Shape.Of(vector.Count), vector.ToArray());
    }

    /// <summary>A MathNet dense matrix copy of this rank-2 tensor.</summary>
    public Matrix<double> ToMatrix()
    {
        if (Rank != 2) throw new InvalidOperationException($"ToMatrix needs a rank-2 tensor, this one has shape {Shape}.");
        return Matrix<double>.Build.Dense(Shape[0], Shape[1], (i, j) => _data[i * Shape[1] + j]);
    }

    /// <summary>A MathNet dense vector copy of this rank-1 tensor.</summary>
    public Vector<double> ToVector()
    {
        if (Rank != 1) throw new InvalidOperationException($"ToVector needs a rank-1 tensor, this one has shape {Shape}.");
        return Vector<double>.Build.DenseOfArray(ToArray());
    }
}
