namespace Dual.Models.Tests.Data;

public class DataFilesTests
{
    [Fact]
    public void The_repository_root_holds_the_solution_and_the_data()
    {
        var root = DataFiles.RepositoryRoot();

        Assert.True(File.Exists(Path.Combine(root, "Dual.sln")));
        Assert.Equal(Path.Combine(root, "data", "names.txt"), DataFiles.Locate(DataFiles.Names));
        Assert.Equal(Path.Combine(root, "data", "tinyshakespeare.txt"), DataFiles.Locate(DataFiles.Shakespeare));
    }

    [Fact]
    public void An_explicit_path_wins_and_must_exist()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(Path.GetFullPath(file), DataFiles.Locate(DataFiles.Names, file));
        }
        finally
        {
            File.Delete(file);
        }

        var missing = Path.Combine(Path.GetTempPath(), "no-such-dual-data.txt");
        var e = Assert.Throws<FileNotFoundException>(() => DataFiles.Locate(DataFiles.Names, missing));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_the_repository_the_error_says_what_was_looked_for()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => DataFiles.RepositoryRoot(Path.GetTempPath()));
        Assert.Contains("Dual.sln", e.Message, StringComparison.Ordinal);
        Assert.Contains("explicit path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_missing_from_the_data_folder_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => DataFiles.Locate("no-such-file.txt"));
        Assert.Contains("no-such-file.txt", e.Message, StringComparison.Ordinal);
    }
}
