using System.Globalization;
using Dual.Models;
using Dual.Track.Grading;

namespace Dual.Track.Projects;

internal static partial class TinyGptGrader
{
    /// <summary>How many of microgpt's first steps have every gradient compared with Dual's.</summary>
    public const int ComparedSteps = 3;

    /// <summary>How many names the trained model samples (temperature 0.5).</summary>
    public const int SampledNames = 10;

    private const string PiecesFirst = "make the piece checks above pass first; if they pass, does your code change its inputs (x, dy, the weights) in place, or keep state between calls? The grader passes the same arrays on";

    /// <summary>Every gradient of microgpt's first steps at the golden initial weights, assembled from the learner's pieces, against Dual's.</summary>
    private static CheckResult StepGradients(ITinyGpt gpt, MicroGptGolden golden)
    {
        const string name = "microgpt step gradients";
        var trainer = MicroGptTrainer.ForGolden(golden);
        var plumbing = new MicroGptPlumbing(trainer.Config);
        try
        {
            for (var step = 0; step < ComparedSteps; step++)
            {
                var tokens = trainer.TokensAt(step);
                var (_, expected) = trainer.ValueAndGrad(golden.Init, tokens);
                var (_, got) = plumbing.ValueAndGrad(gpt, golden.Init, tokens);
                foreach (var path in expected.Keys)
                {
                    var shape = expected[path].Shape;
                    var mismatch = ElementCompare.First(path, expected[path].ToArray(), [shape[0], shape[1]], got[path].ToArray(), [shape[0], shape[1]], PiecesFirst,
                        relative: Agreement);
                    if (mismatch is not null)
                    {
                        return new CheckResult(name, CheckStatus.Failed, mismatch.Message)
                        {
                            Input = string.Create(CultureInfo.InvariantCulture, $"step {step}: the name \"{golden.Documents[step]}\" at microgpt's initial weights (tokens {string.Join(" ", tokens)})"),
                            Where = mismatch.Where,
                            Expected = mismatch.Expected,
                            Got = mismatch.Got,
                            Hint = mismatch.Hint,
                        };
                    }
                }
            }

            return CheckResult.Pass(name, string.Create(CultureInfo.InvariantCulture,
                $"all {trainer.ParameterCount} gradients of microgpt's first {ComparedSteps} steps, made of your pieces, match Dual's to {Agreement:0e0}"));
        }
        catch (NotWrittenYetException e)
        {
            return CheckResult.NotWritten(name, e.What);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var threw = Mismatch.Threw(e, name);
            return new CheckResult(name, CheckStatus.Failed, threw.Message) { Hint = PiecesFirst };
        }
    }

    /// <summary>
    /// microgpt's training with the learner's gradients: golden initial weights, microgpt's names in its order, its Adam
    /// and schedule (<see cref="MicroGptTrainer.MicroGptAdam"/>), 1000 steps. Three checks: the first 20 losses, the
    /// validation loss, and the names it samples against those of Dual's own run.
    /// </summary>
    private static IEnumerable<CheckResult> Training(ITinyGpt gpt, MicroGptGolden golden)
    {
        const string replay = "train names: first 20 losses";
        const string validation = "train names: validation loss";
        const string samples = "train names: sampled names";
        var trainer = MicroGptTrainer.ForGolden(golden);
        var plumbing = new MicroGptPlumbing(trainer.Config);
        var losses = new List<double>();
        var parameters = golden.Init;
        var state = trainer.InitState(parameters);
        try
        {
            for (var step = 0; step < MicroGptTrainer.MicroGptSteps; step++)
            {
                var (loss, gradients) = plumbing.ValueAndGrad(gpt, parameters, trainer.TokensAt(step));
                losses.Add(loss);
                if (!double.IsFinite(loss))
                {
                    break;
                }

                (parameters, state) = trainer.Optimizer.Update(parameters, gradients, state);
            }
        }
        catch (NotWrittenYetException e)
        {
            return [CheckResult.NotWritten(replay, e.What), CheckResult.NotWritten(validation, e.What), CheckResult.NotWritten(samples, e.What)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var threw = Mismatch.Threw(e, "training");
            return [.. new[] { replay, validation, samples }.Select(n => new CheckResult(n, CheckStatus.Failed, threw.Message) { Hint = PiecesFirst })];
        }

        return [Replay(replay, losses, golden), Validation(validation, losses, parameters, trainer, golden), Samples(samples, parameters, trainer, golden)];
    }

    private static CheckResult Replay(string name, List<double> losses, MicroGptGolden golden)
    {
        for (var step = 0; step < ReplayedLosses; step++)
        {
            var got = step < losses.Count ? losses[step] : double.NaN;
            if (!(Math.Abs(got - golden.Losses[step]) <= Agreement))
            {
                return new CheckResult(name, CheckStatus.Failed, string.Create(CultureInfo.InvariantCulture,
                    $"step {step}'s loss is {Numbers.Text(got)}; microgpt's is {Numbers.Text(golden.Losses[step])} (differ by {Math.Abs(got - golden.Losses[step]):G3})"))
                {
                    Input = string.Create(CultureInfo.InvariantCulture, $"step {step}: the name \"{golden.Documents[step]}\", after {step} Adam steps with your gradients"),
                    Where = string.Create(CultureInfo.InvariantCulture, $"step {step}"),
                    Expected = Numbers.Text(golden.Losses[step]) + " (microgpt's golden trace)",
                    Got = Numbers.Text(got),
                    Hint = Numbers.NonFiniteHint(got) ?? "the grader computes every loss itself, so the weights it was computed at are off: the gradients of an earlier step are wrong (see the microgpt step gradients check)",
                };
            }
        }

        return CheckResult.Pass(name, string.Create(CultureInfo.InvariantCulture,
            $"microgpt's first {ReplayedLosses} losses reproduced to {Agreement:0e0} with your gradients (step 0: {Numbers.Text(losses[0])}, step {ReplayedLosses - 1}: {Numbers.Text(losses[ReplayedLosses - 1])})"));
    }

    private static CheckResult Validation(string name, List<double> losses, Params parameters, MicroGptTrainer trainer, MicroGptGolden golden)
    {
        var held = golden.Documents.Skip((int)(golden.Documents.Count * 0.9)).ToArray();
        var figure = TrackFigure.Lines("microgpt on names: loss per step with your gradients", "step", "loss",
            new FigureSeries("your gradients", losses), new FigureSeries("microgpt (golden trace)", golden.Losses));
        var trained = losses.Count == MicroGptTrainer.MicroGptSteps && losses.All(double.IsFinite);
        var loss = trained ? trainer.MeanLoss(parameters, held) : double.NaN;
        var setup = string.Create(CultureInfo.InvariantCulture, $"{MicroGptTrainer.MicroGptSteps} steps of microgpt's Adam from its initial weights; validation: the last {held.Length} of its names");
        return loss <= RequiredValidationLoss
            ? CheckResult.Pass(name, string.Create(CultureInfo.InvariantCulture, $"validation loss {loss:F4} ≤ {RequiredValidationLoss} ({setup})")) with { Figure = figure }
            : new CheckResult(name, CheckStatus.Failed, trained
                ? string.Create(CultureInfo.InvariantCulture, $"validation loss {loss:F4} after training with your gradients; need ≤ {RequiredValidationLoss}")
                : string.Create(CultureInfo.InvariantCulture, $"the loss became NaN or infinite at step {losses.Count - 1}: training diverged"))
            {
                Input = setup,
                Expected = string.Create(CultureInfo.InvariantCulture, $"≤ {RequiredValidationLoss}"),
                Got = Numbers.Text(loss),
                Hint = "training follows the gradients you return: make the checks above pass first",
                Figure = figure,
            };
    }

    /// <summary>Names drawn from the trained weights, against those drawn with the same seed from Dual's own 1000 steps.</summary>
    private static CheckResult Samples(string name, Params parameters, MicroGptTrainer trainer, MicroGptGolden golden)
    {
        var dual = Draw(DualTrained(trainer, golden), trainer);
        var yours = parameters.Values.All(t => t.ToArray().All(double.IsFinite)) ? Draw(parameters, trainer) : [];
        var figure = TrackFigure.List("names sampled from your trained microgpt (temperature 0.5)", yours);
        var first = Enumerable.Range(0, SampledNames).FirstOrDefault(i => i >= yours.Count || yours[i] != dual[i], -1);
        return first < 0
            ? CheckResult.Pass(name, $"your model samples the names Dual's own training gives: {string.Join(", ", yours)}") with { Figure = figure }
            : new CheckResult(name, CheckStatus.Failed, $"name {first + 1} of {SampledNames} differs from the one Dual's own training samples with the same seed")
            {
                Where = string.Create(CultureInfo.InvariantCulture, $"name {first + 1}"),
                Expected = dual[first],
                Got = first < yours.Count ? yours[first] : "(no name: the weights are not finite)",
                Hint = "your 1000 steps ended at other weights than Dual's: make the checks above pass first",
                Figure = figure,
            };
    }

    private static Params DualTrained(MicroGptTrainer trainer, MicroGptGolden golden)
    {
        var (parameters, state) = (golden.Init, trainer.InitState(golden.Init));
        for (var step = 0; step < MicroGptTrainer.MicroGptSteps; step++)
        {
            (parameters, state, _) = trainer.Step(parameters, state);
        }

        return parameters;
    }

    private static List<string> Draw(Params parameters, MicroGptTrainer trainer)
    {
        var sampler = new GptSampler(trainer.Config, parameters);
        var random = GptSampler.CreateRandom(42);
        var bos = trainer.Tokenizer.Bos;
        return [.. Enumerable.Range(0, SampledNames).Select(_ =>
            trainer.Tokenizer.Decode(sampler.Generate([bos], trainer.Config.BlockSize, temperature: 0.5, topK: null, random, stopToken: bos)))];
    }
}
