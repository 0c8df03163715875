namespace Dual.Models.Tests.Data;

public class TextCorpusTests
{
    [Fact]
    public void Shakespeare_splits_the_first_ninety_percent_for_training()
    {
        // 1,115,394 characters: ⌊0.9·1,115,394⌋ = 1,003,854 for training, 111,540 held out; 65 distinct characters.
        var corpus = TextCorpus.Shakespeare();

        Assert.Equal(1_003_854, corpus.Tokens(DataSplit.Train).Count);
        Assert.Equal(111_540, corpus.Tokens(DataSplit.Validation).Count);
        Assert.Equal(65, corpus.Tokenizer.VocabSize);
        Assert.StartsWith("First Citizen:\nBefore we proceed", corpus.Tokenizer.Decode(corpus.Tokens(DataSplit.Train).Take(40)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_holds_windows_of_the_split_and_their_next_characters()
    {
        var text = DataFiles.ReadBundledText(DataFiles.Shakespeare);
        var trainText = text[..1_003_854];
        var corpus = TextCorpus.Shakespeare();

        var batch = corpus.Batch(DataSplit.Train, batchSize: 4, blockSize: 8, seed: 1, step: 0);

        Assert.Equal(Shape.Of(4, 8), batch.Context.Shape);
        Assert.Equal(Shape.Of(4, 8), batch.Targets.Shape);
        for (var b = 0; b < 4; b++)
        {
            var context = corpus.Tokenizer.Decode(Row(batch.Context, b));
            var targets = corpus.Tokenizer.Decode(Row(batch.Targets, b));
            Assert.Equal(context[1..], targets[..^1]);  // targets are the context shifted by one
            Assert.Contains(context + targets[^1], trainText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Batches_are_reproducible_per_seed_and_step()
    {
        var corpus = TextCorpus.FromText(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 20)));

        var a = corpus.Batch(DataSplit.Train, 3, 5, seed: 9, step: 4);
        var b = corpus.Batch(DataSplit.Train, 3, 5, seed: 9, step: 4);
        var c = corpus.Batch(DataSplit.Train, 3, 5, seed: 9, step: 5);

        Assert.Equal(a.Context, b.Context);
        Assert.Equal(a.Targets, b.Targets);
        Assert.NotEqual(a.Context, c.Context);
        Assert.All(a.Context.ToArray(), v => Assert.Equal(Math.Round(v), v));
    }

    [Fact]
    public void A_small_text_splits_and_batches_by_hand()
    {
        // "abcdefghij": train = ⌊10·0.6⌋ = 6 tokens "abcdef", validation "ghij".
        // Block size 5 leaves exactly one window of 6 tokens: context "abcde", targets "bcdef".
        var corpus = TextCorpus.FromText("abcdefghij", trainFraction: 0.6);

        var batch = corpus.Batch(DataSplit.Train, 1, 5, seed: 0, step: 0);

        Assert.Equal(Tensor.FromRows([0, 1, 2, 3, 4]), batch.Context);
        Assert.Equal(Tensor.FromRows([1, 2, 3, 4, 5]), batch.Targets);
        Assert.Equal([6, 7, 8, 9], corpus.Tokens(DataSplit.Validation));
    }

    [Fact]
    public void A_block_longer_than_the_split_is_rejected_with_the_sizes()
    {
        var corpus = TextCorpus.FromText("abcdefghij", trainFraction: 0.6);

        var e = Assert.Throws<ArgumentException>(() => corpus.Batch(DataSplit.Validation, 1, 4, seed: 0, step: 0));

        Assert.Contains("block size 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 tokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_larger_than_the_data_is_rejected()
    {
        // 6 training tokens and block size 3: 3 windows of 4 tokens.
        var corpus = TextCorpus.FromText("abcdefghij", trainFraction: 0.6);

        var e = Assert.Throws<ArgumentException>(() => corpus.Batch(DataSplit.Train, 4, 3, seed: 0, step: 0));

        Assert.Contains("batch size 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("only 3 windows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_text_or_a_bad_fraction_is_rejected()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => TextCorpus.FromText("")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TextCorpus.FromText("abc", trainFraction: 1.0));
        Assert.Throws<ArgumentException>(() => TextCorpus.FromText("abc", trainFraction: 0));
    }

    [Fact]
    public void A_given_tokenizer_numbers_the_text_and_a_character_it_lacks_is_named()
    {
        var tokenizer = CharTokenizer.FromText("abcdz");

        var corpus = TextCorpus.FromText("bad cab", CharTokenizer.FromText("abcdz "), trainFraction: 0.5);
        var e = Assert.Throws<ArgumentException>(() => TextCorpus.FromText("abe", tokenizer));

        Assert.Equal(6, corpus.Tokenizer.Alphabet.Count);
        Assert.Equal([2, 1, 4], corpus.Tokens(DataSplit.Train).ToArray()); // ' ' 0, a 1, b 2, c 3, d 4, z 5
        Assert.Contains("'e' (U+0065) at index 2", e.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<int> Row(Tensor t, int row) => Enumerable.Range(0, t.Shape[1]).Select(i => (int)t[row, i]);
}
