namespace Dual.Models.Tests.Data;

public class DocumentCorpusTests
{
    [Fact]
    public void Names_are_split_ninety_ten_after_a_seeded_shuffle()
    {
        // 32,033 names: ⌊0.9·32,033⌋ = 28,829 for training and 3,204 held out; 26 letters + BOS.
        var corpus = DocumentCorpus.Names();
        var train = corpus.Documents(DataSplit.Train);
        var validation = corpus.Documents(DataSplit.Validation);

        Assert.Equal(28_829, train.Count);
        Assert.Equal(3_204, validation.Count);
        Assert.Equal(27, corpus.Tokenizer.VocabSize);
        Assert.Equal(26, corpus.Tokenizer.Bos);
        var all = DataFiles.ReadBundledLines(DataFiles.Names).Where(l => l.Length > 0).Order(StringComparer.Ordinal);
        Assert.Equal(all, train.Concat(validation).Order(StringComparer.Ordinal));   // a partition of the file
        Assert.NotEqual("emma", train[0]);                                            // shuffled (the file starts with emma)
    }

    [Fact]
    public void The_shuffle_depends_only_on_the_seed()
    {
        string[] docs = ["ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jo"];

        var a = DocumentCorpus.FromDocuments(docs, seed: 1).Documents(DataSplit.Train);
        var b = DocumentCorpus.FromDocuments(docs, seed: 1).Documents(DataSplit.Train);
        var c = DocumentCorpus.FromDocuments(docs, seed: 2).Documents(DataSplit.Train);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(9, a.Count);
    }

    [Fact]
    public void Each_step_takes_the_next_document_wrapped_in_bos()
    {
        // One document "emma": letters a, e, m → ids 0, 1, 2; BOS = 3.
        // Tokens [3, 1, 2, 2, 0, 3]; every step (step % 1 = 0) gives the same document.
        var corpus = DocumentCorpus.FromDocuments(["emma"], trainFraction: 0.5);

        Assert.Equal([3, 1, 2, 2, 0, 3], corpus.Tokens(DataSplit.Train, 0));
        Assert.Equal([3, 1, 2, 2, 0, 3], corpus.Tokens(DataSplit.Train, 7));
    }

    [Fact]
    public void An_example_is_the_document_and_its_next_tokens_up_to_the_block_size()
    {
        // [BOS e m m a BOS] = [3, 1, 2, 2, 0, 3]; with block size 16 all 5 positions are used,
        // with block size 3 only the first 3.
        var corpus = DocumentCorpus.FromDocuments(["emma"], trainFraction: 0.5);

        var full = corpus.Example(DataSplit.Train, step: 0, blockSize: 16);
        var cut = corpus.Example(DataSplit.Train, step: 0, blockSize: 3);

        Assert.Equal(Tensor.FromRows([3, 1, 2, 2, 0]), full.Context);
        Assert.Equal(Tensor.FromRows([1, 2, 2, 0, 3]), full.Targets);
        Assert.Equal(Tensor.FromRows([3, 1, 2]), cut.Context);
        Assert.Equal(Tensor.FromRows([1, 2, 2]), cut.Targets);
    }

    [Fact]
    public void Steps_cycle_through_the_split_in_order()
    {
        var corpus = DocumentCorpus.Names();
        var train = corpus.Documents(DataSplit.Train);

        Assert.Equal(train[5], corpus.Tokenizer.Decode(corpus.Tokens(DataSplit.Train, 5)));
        Assert.Equal(train[5], corpus.Tokenizer.Decode(corpus.Tokens(DataSplit.Train, 5 + train.Count)));
    }

    [Fact]
    public void The_stream_separates_documents_with_bos()
    {
        // Letters a, b, c, d → 0…3, BOS = 4. Three documents, ⌊3·0.7⌋ = 2 for training, in shuffled
        // order d₁, d₂: the stream is BOS d₁ BOS d₂ BOS, 7 tokens, so block size 6 has one window.
        var corpus = DocumentCorpus.FromDocuments(["ab", "cd", "ba"], seed: 0, trainFraction: 0.7);
        var train = corpus.Documents(DataSplit.Train);
        var expected = new List<int> { 4 };
        foreach (var d in train) expected.AddRange([.. d.Select(ch => ch - 'a'), 4]);

        Assert.Equal(2, train.Count);
        Assert.Equal(7, expected.Count);
        Assert.Equal(expected, corpus.Stream(DataSplit.Train));

        var batch = corpus.Batch(DataSplit.Train, batchSize: 1, blockSize: 6, seed: 0, step: 0);
        Assert.Equal(Tensor.FromRows([.. expected[..6].Select(i => (double)i)]), batch.Context);
        Assert.Equal(Tensor.FromRows([.. expected[1..].Select(i => (double)i)]), batch.Targets);
        Assert.Throws<ArgumentException>(() => corpus.Batch(DataSplit.Train, batchSize: 2, blockSize: 6, seed: 0, step: 0));
    }

    [Fact]
    public void An_empty_data_set_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => DocumentCorpus.FromDocuments(["", "  ", "\t"]));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_split_is_named_when_used()
    {
        var corpus = DocumentCorpus.FromDocuments(["ann"]);
        var e = Assert.Throws<InvalidOperationException>(() => corpus.Tokens(DataSplit.Validation, 0));
        Assert.Contains("validation split has no documents", e.Message, StringComparison.Ordinal);
    }
}
