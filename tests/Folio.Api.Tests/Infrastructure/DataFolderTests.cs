extern alias FolioEval;

using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Microsoft.Extensions.Logging.Abstractions;
using FolioProcess = FolioEval::Folio.Eval.FolioProcess;

namespace Folio.Api.Tests.Infrastructure;

/// <summary>The data folder is one process's alone, and an index in the old nested place is moved where it belongs.</summary>
public sealed class DataFolderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-data-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_second_Folio_process_on_the_same_data_folder_refuses_to_start_and_the_first_keeps_running()
    {
        await using var first = await FolioProcess.StartAsync(_folder);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => FolioProcess.StartAsync(_folder));

        Assert.Contains("is in use by another Folio process", refused.Message);
        using var live = await first.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.True(live.IsSuccessStatusCode);
    }

    [Fact]
    public void The_lock_is_released_when_the_folder_is_disposed()
    {
        using (DataFolder.Open(_folder))
        {
            Assert.Throws<InvalidOperationException>(() => DataFolder.Open(_folder));
        }

        using var again = DataFolder.Open(_folder);
        Assert.Equal(Path.GetFullPath(_folder), again.Root);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_index_in_the_old_nested_folder_is_moved_into_place(bool interruptedHalfway)
    {
        using (var old = new EmbeddedChunkIndex(Path.Combine(_folder, "index"), new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance))
        {
            var chunk = new IndexedChunk("c_1", "d_00000000000000000001", "moved", "a.txt", 0, "kept across the move", "", 1, 1, 0, 20, new Dictionary<string, string>());
            await old.UpsertAsync("model", [new ChunkVector(chunk, new float[] { 1, 0, 0 })]);
        }

        Assert.True(File.Exists(Path.Combine(_folder, "index", "index", "chunks.db")));
        if (interruptedHalfway)
        {
            // Killed between the two renames.
            Directory.Move(Path.Combine(_folder, "index"), Path.Combine(_folder, "index.moving"));
        }

        using (DataFolder.Open(_folder))
        {
            Assert.True(File.Exists(Path.Combine(_folder, "index", "chunks.db")));
            Assert.False(Directory.Exists(Path.Combine(_folder, "index", "index")));
            Assert.False(Directory.Exists(Path.Combine(_folder, "index.moving")));
        }

        using var moved = new EmbeddedChunkIndex(_folder, new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);
        Assert.Equal(1, await moved.CountAsync(new ChunkFilter("moved")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
