using Dual.Models.Tests.Optimizers;

namespace Dual.Models.Tests.Training;

/// <summary>
/// A session updates its own arrays in place, so its numbers must be bit for bit those of the pure loop
/// <c>(p, s) = optimizer.Update(p, g, s)</c>, and nothing a caller holds may change.
/// </summary>
public class TrainingSessionTests
{
    // A 3x5 matrix and a 7-vector (15 and 7 elements: vector bodies and scalar tails), a loss with a batch input.
    private static Built<Expr> Model2()
    {
        var x = Expr.Variable("x", [5]);
        return
            (from w in Model.Param("w", [3, 5], Init.Normal(0.5))
             from b in Model.Param("b", [7], Init.Normal(0.5))
             select ((w.MatMul(x) - 1.0).Tanh().Square().Sum() + (b * b * b).Sum() * 0.1)).Build();
    }

    private static Env Batch(int k) => Env.Of(("x", Tensor.Generate([5], i => Math.Sin(k + i))));

    public static TheoryData<string> Optimizers => ["sgd", "momentum", "nesterov", "adam", "adamw", "custom"];

    private static IOptimizer Make(string name) => name switch
    {
        "sgd" => new Sgd(0.1),
        "momentum" => new Sgd(0.1, momentum: 0.9),
        "nesterov" => new Sgd(0.1, momentum: 0.9, nesterov: true),
        "adam" => new Adam(0.05),
        "adamw" => new AdamW(0.05, weightDecay: 0.1),
        "custom" => new HalfStep(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Steps_match_the_pure_loop_bit_for_bit_and_never_change_what_a_caller_holds(string name)
    {
        var model = Model2();
        var optimizer = Make(name);
        var initial = model.Init(1);
        var initialState = optimizer.Init(initial);
        var initialCopy = Ps.Snapshot(initial);
        var session = new TrainingSession(optimizer, initial, initialState);
        var (p, s) = (initial, initialState);
        Params? heldParams = null;
        Dictionary<string, double[]>? heldCopy = null;
        OptimizerState? heldState = null;
        Dictionary<string, Dictionary<string, double[]>>? heldStateCopy = null;

        for (var k = 0; k < 6; k++)
        {
            var (loss, g) = Trainer.ValueAndGrad(model, p, Batch(k));
            (p, s) = optimizer.Update(p, g, s);

            var report = session.Step(model, Batch(k));

            Assert.Equal(k, report.Step);
            Assert.Equal(loss, report.Loss);
            Assert.Equal(k + 1, session.StepCount);
            if (k == 2)
            {
                // Taking the values hands them out: later steps must leave them as they are.
                heldParams = session.Parameters;
                heldCopy = Ps.Snapshot(heldParams);
                AssertBitwise(p, heldParams, $"{name} step {k}");
                heldState = session.State;
                heldStateCopy = heldState.SlotNames.ToDictionary(slot => slot, slot => Ps.Snapshot(heldState[slot]));
            }
        }

        AssertBitwise(p, session.Parameters, name);
        foreach (var slot in s.SlotNames) AssertBitwise(s[slot], session.State[slot], $"{name} slot {slot}");
        Assert.Equal(s.Step, session.State.Step);
        Ps.Unchanged(initialCopy, initial);
        Ps.Unchanged(heldCopy!, heldParams!);
        foreach (var (slot, copy) in heldStateCopy!) Ps.Unchanged(copy, heldState![slot]);
        foreach (var slot in initialState.SlotNames)
            Assert.All(initialState[slot].Values, t => Assert.All(t.ToArray(), v => Assert.Equal(0.0, v)));
    }

    [Fact]
    public void A_state_read_between_steps_stays_as_it_was()
    {
        var model = Model2();
        var session = new TrainingSession(new Adam(0.05), model.Init(2));
        session.Step(model, Batch(0));
        session.Step(model, Batch(1));

        var held = session.State;
        var copy = Ps.Snapshot(held["m"]);
        session.Step(model, Batch(2));
        session.Step(model, Batch(3));

        Ps.Unchanged(copy, held["m"]);
        Assert.Equal(2, held.Step);
        Assert.Equal(4, session.StepCount);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_gradient_that_is_a_parameters_own_array_is_read_before_that_parameter_is_written(string name)
    {
        // The gradient of sum(a * b) with respect to a is b itself: an engine that handed back the bound array and a
        // session that then updated a in place would change b's gradient before it is used. The session's gradients
        // are copies in arrays of its own, so every step must equal the pure loop's.
        var model = (from a in Model.Param("a", [9], Init.Normal(1))
                     from b in Model.Param("b", [9], Init.Normal(1))
                     select (a * b).Sum()).Build();
        var optimizer = Make(name);
        var session = new TrainingSession(optimizer, model.Init(4));
        var (p, s) = (model.Init(4), optimizer.Init(model.Init(4)));
        for (var k = 0; k < 4; k++)
        {
            session.Step(model);
            (p, s) = optimizer.Update(p, Trainer.ValueAndGrad(model, p).Gradients, s);
        }

        AssertBitwise(p, session.Parameters, $"{name}, gradients a = b and b = a");
    }

    [Fact]
    public void Clipping_and_reports_match_the_trainer()
    {
        var model = Model2();
        var adam = new Adam(0.05);
        var run = Trainer.Run(model, model.Init(3), adam, 4, Batch, maxGradNorm: 0.5);
        var session = new TrainingSession(adam, model.Init(3));

        var reports = Enumerable.Range(0, 4).Select(k => session.Step(model, Batch(k), maxGradNorm: 0.5)).ToList();

        Assert.Equal(run.Steps, reports);
        Assert.True(reports.Any(r => r.GradientNorm > 0.5), "no step was clipped, so clipping was not exercised");
        AssertBitwise(run.Params, session.Parameters, "clipped");
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_them()
    {
        var model = Model2();
        var session = new TrainingSession(new Sgd(0.1), model.Init(0));

        Assert.Throws<ArgumentNullException>(() => new TrainingSession(null!, model.Init(0)));
        Assert.Throws<ArgumentNullException>(() => new TrainingSession(new Sgd(0.1), null!));
        Assert.Throws<ArgumentNullException>(() => session.Step(null!));
        Assert.Equal("maxGradNorm", Assert.Throws<ArgumentException>(() => session.Step(model, Batch(0), maxGradNorm: 0)).ParamName);
        Assert.Equal(0, session.StepCount);
        var wrongState = new Adam(0.1).Init(model.Init(0));
        Assert.Contains("slots", Assert.Throws<ArgumentException>(() => new TrainingSession(new Sgd(0.1, momentum: 0.5), model.Init(0), wrongState).Step(model, Batch(0))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void A_model_large_enough_to_update_on_both_cores_matches_the_pure_loop_bit_for_bit(string name)
    {
        // 2,400 + 7 + 37 elements: the update is split over the cores, the split falling inside the matrix.
        var x = Expr.Variable("x", [40]);
        var model =
            (from w in Model.Param("w", [60, 40], Init.Normal(0.2))
             from b in Model.Param("b", [7], Init.Normal(0.5))
             from c in Model.Param("c", [37], Init.Normal(0.5))
             select (w.MatMul(x).Tanh().Sum() + (b * b).Sum() + (c * c * c).Sum() * 0.1)).Build();
        var optimizer = Make(name);
        var (p, s) = (model.Init(3), optimizer.Init(model.Init(3)));
        var session = new TrainingSession(optimizer, p, s);
        for (var k = 0; k < 4; k++)
        {
            var batch = Env.Of(("x", Tensor.Generate([40], i => Math.Cos(k + 0.3 * i))));
            var (loss, g) = Trainer.ValueAndGrad(model, p, batch);
            (p, s) = optimizer.Update(p, g, s);
            Assert.Equal(loss, session.Step(model, batch).Loss);
        }
        AssertBitwise(p, session.Parameters, name);
        foreach (var slot in s.SlotNames) AssertBitwise(s[slot], session.State[slot], $"{name} slot {slot}");
    }

    [Fact]
    public void A_batch_that_names_a_parameter_is_refused_on_every_step_not_only_the_first()
    {
        var model = Model2();
        var session = new TrainingSession(new Adam(0.05), model.Init(1));
        session.Step(model, Batch(0));
        session.Step(model, Batch(1)); // the session now binds its own parameters once and only the batch per step
        var bad = Env.Of(("x", Tensor.Generate([5], i => i)), ("w", Tensor.Zeros([3, 5])));
        var error = Assert.Throws<ArgumentException>(() => session.Step(model, bad));
        Assert.Contains("batch binds parameter names", error.Message);
        Assert.Equal(2, session.Step(model, Batch(2)).Step); // the refused step did not count, and the session goes on
    }

    private static void AssertBitwise(Params expected, Params actual, string what)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (path, t) in expected)
            Assert.True(t.Equals(actual[path]), $"{what}: {path} differs by {t.MaxAbsDifference(actual[path]):R}");
    }

    // An optimizer the library does not know: the session must never write its results in place, nor evaluate
    // the next gradients into arrays it may have kept.
    private sealed class HalfStep : IOptimizer
    {
        public LearningRateSchedule LearningRate { get; } = 0.5;

        public OptimizerState Init(Params parameters) => new(0, [new("last", parameters.Map((_, p) => Tensor.Zeros(p.Shape)))]);

        // Returns the parameter tensor itself where the gradient is zero, as a frugal optimizer might, and keeps the
        // gradient tensors themselves in its state.
        public (Params Params, OptimizerState State) Update(Params parameters, Params gradients, OptimizerState state) =>
            (parameters.Map((path, p) => gradients[path].Span.ContainsAnyExcept(0.0)
                ? Tensor.Generate(p.Shape, i => p.Span[i] - 0.5 * gradients[path].Span[i])
                : p), new OptimizerState(state.Step + 1, [new("last", gradients)]));
    }
}
