using Dual.Testing;

namespace Dual.Models.Tests.Data;

public class DataFilesTests
{
    [Theory]
    [InlineData("names.txt")]
    [InlineData("tinyshakespeare.txt")]
    [InlineData("golden/microgpt-seed42/init.txt")]
    [InlineData("golden/microgpt-seed42/docs.txt")]
    [InlineData("golden/microgpt-seed42/losses.txt")]
    public void A_bundled_file_is_the_repository_data_file_byte_for_byte(string name)
    {
        using var bundled = DataFiles.OpenBundled(name);
        using var copy = new MemoryStream();
        bundled.CopyTo(copy);

        Assert.Equal(File.ReadAllBytes(RepositoryFiles.PathOf("data/" + name)), copy.ToArray());
    }

    [Fact]
    public void Exactly_the_data_folder_is_bundled()
    {
        var inRepository = Directory.GetFiles(RepositoryFiles.PathOf("data"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryFiles.PathOf("data"), f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(inRepository, DataFiles.Bundled);
    }

    [Fact]
    public void An_unknown_bundled_name_lists_the_bundled_ones()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DataFiles.OpenBundled("no-such-file.txt"));

        Assert.Contains("no-such-file.txt", e.Message, StringComparison.Ordinal);
        Assert.Contains(DataFiles.Names, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_path_must_exist_and_is_named_when_missing()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(Path.GetFullPath(file), DataFiles.RequireFile(file));
        }
        finally
        {
            File.Delete(file);
        }

        var missing = Path.Combine(Path.GetTempPath(), "no-such-dual-data.txt");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => DataFiles.RequireFile(missing)).Message, StringComparison.Ordinal);
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => DocumentCorpus.Names(missing)).Message, StringComparison.Ordinal);
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => TextCorpus.Shakespeare(missing)).Message, StringComparison.Ordinal);
        var missingFolder = Path.Combine(Path.GetTempPath(), "no-such-dual-golden");
        Assert.Contains(missingFolder, Assert.Throws<DirectoryNotFoundException>(() => MicroGptGolden.Load(missingFolder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_file_replaces_the_bundled_names()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["abc", "", "bcd", "cde"]);
            var corpus = DocumentCorpus.Names(file, seed: 1);

            Assert.Equal(["abc", "bcd", "cde"], corpus.Documents(DataSplit.Train).Concat(corpus.Documents(DataSplit.Validation)).Order(StringComparer.Ordinal));
            Assert.Equal(6, corpus.Tokenizer.VocabSize);   // a b c d e + BOS
        }
        finally
        {
            File.Delete(file);
        }
    }
}
