namespace Dual.Models.Tests.Data;

public class CharTokenizerTests
{
    [Fact]
    public void The_vocabulary_is_the_sorted_distinct_characters()
    {
        // "hello" → e, h, l, o with ids 0, 1, 2, 3.
        var tokenizer = CharTokenizer.FromText("hello");

        Assert.Equal(['e', 'h', 'l', 'o'], tokenizer.Alphabet);
        Assert.Equal(4, tokenizer.VocabSize);
        Assert.Equal([1, 3, 2, 0], tokenizer.Encode("hole"));
        Assert.Equal("hole", tokenizer.Decode([1, 3, 2, 0]));
        Assert.False(tokenizer.HasBos);
    }

    [Fact]
    public void Sorting_is_by_character_code()
    {
        // '\n' (10) < ' ' (32) < 'A' (65) < 'a' (97).
        var tokenizer = CharTokenizer.FromText("a A\n");
        Assert.Equal(['\n', ' ', 'A', 'a'], tokenizer.Alphabet);
    }

    [Fact]
    public void Bos_is_the_id_after_the_characters_and_decodes_to_nothing()
    {
        var tokenizer = CharTokenizer.FromText("ab", withBos: true);

        Assert.Equal(2, tokenizer.Bos);
        Assert.Equal(3, tokenizer.VocabSize);
        Assert.Equal("ab", tokenizer.Decode([2, 0, 1, 2]));
    }

    [Fact]
    public void An_unknown_character_is_named_with_its_position()
    {
        var tokenizer = CharTokenizer.FromText("abc");

        var e = Assert.Throws<ArgumentException>(() => tokenizer.Encode("cab!"));

        Assert.Contains("'!' (U+0021) at index 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("abc", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_ids_and_missing_bos_are_errors()
    {
        var tokenizer = CharTokenizer.FromText("ab");

        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([-1]));
        Assert.Throws<InvalidOperationException>(() => tokenizer.Bos);
        Assert.Throws<ArgumentException>(() => CharTokenizer.FromText(""));
    }
}
