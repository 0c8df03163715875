using Dual.Track.Projects;

namespace Dual.Track;

/// <summary>The projects of the track, in the order a learner does them.</summary>
public static class TrackCatalog
{
    /// <summary>The time limit of the projects that train a model inside their checks.</summary>
    public static readonly TimeSpan TrainingTimeLimit = TimeSpan.FromSeconds(120);

    /// <summary>Every project, by number. (Project 7, your own primitives, waits for Dual's custom-primitive API.)</summary>
    public static IReadOnlyList<TrackProject> Projects { get; } =
    [
        new(1, "neuron", "One neuron", "01-neuron", "01-neuron/Neuron.cs", typeof(INeuron), s => NeuronGrader.Checks((INeuron)s)),
        new(2, "gradient-descent", "Gradient descent", "02-gradient-descent", "02-gradient-descent/GradientDescent.cs", typeof(IGradientDescent), s => GradientDescentGrader.Checks((IGradientDescent)s)),
        new(3, "dense-layer", "A dense layer", "03-dense-layer", "03-dense-layer/DenseLayer.cs", typeof(IDenseLayer), s => DenseLayerGrader.Checks((IDenseLayer)s)),
        new(4, "network", "A network", "04-network", "04-network/Network.cs", typeof(INetwork), s => NetworkGrader.Checks((INetwork)s), TrainingTimeLimit),
        new(5, "activations", "Activations and vanishing gradients", "05-activations", "05-activations/Activations.cs", typeof(IActivations), s => ActivationsGrader.Checks((IActivations)s)),
        new(6, "optimizers", "Optimizers: momentum and Adam", "06-optimizers", "06-optimizers/Optimizers.cs", typeof(IOptimizers), s => OptimizersGrader.Checks((IOptimizers)s)),
    ];

    /// <summary>The project with this id or number (<c>neuron</c>, <c>1</c>, <c>01</c>), or null.</summary>
    public static TrackProject? Find(string idOrNumber)
    {
        ArgumentNullException.ThrowIfNull(idOrNumber);
        return Projects.FirstOrDefault(p =>
            string.Equals(p.Id, idOrNumber, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Folder, idOrNumber, StringComparison.OrdinalIgnoreCase)
            || (int.TryParse(idOrNumber, System.Globalization.CultureInfo.InvariantCulture, out var n) && n == p.Number));
    }
}
