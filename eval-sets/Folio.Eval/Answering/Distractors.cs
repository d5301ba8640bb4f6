using System.Text;
using System.Text.RegularExpressions;
using Folio.Eval.Retrieval;
using Microsoft.Extensions.AI;

namespace Folio.Eval.Answering;

/// <summary>
/// Distractor documents that grow an ingested collection to 100k chunks for ask-bench. Their text is real: sentences
/// of the QA sets' own documents, each distractor mixing the sentences of four random source documents, minus every
/// sentence that contains a gold answer of the questions asked (so a distractor shares a question's words and topic
/// but cannot answer it). Their vectors are not computed by the model (ingestion with it runs ~42 chunks/s here):
/// as the ingestion's embedder, this class gives a chunk the mean of the real vectors of the documents its sentences
/// come from, plus Gaussian noise, normalised, so distractors lie among the real chunks in vector space.
/// </summary>
internal sealed partial class Distractors : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int SourcesPerDocument = 4;

    private readonly List<string>[] _sentencesOf;
    private readonly Dictionary<string, int> _sourceOf = new(StringComparer.Ordinal);
    private readonly float[][] _vectors;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly double _noise;
    private readonly Random _random = new(7);

    private Distractors(List<string>[] sentencesOf, float[][] vectors, string modelId, double noise)
    {
        _sentencesOf = sentencesOf;
        _vectors = vectors;
        _noise = noise;
        _metadata = new EmbeddingGeneratorMetadata("ask-bench distractors", null, modelId, vectors[0].Length);
        for (var source = 0; source < sentencesOf.Length; source++)
        {
            foreach (var sentence in sentencesOf[source])
            {
                _sourceOf.TryAdd(sentence, source);
            }
        }
    }

    /// <summary>Sentences the distractors draw from, after those holding a gold answer were dropped.</summary>
    public int Sentences => _sourceOf.Count;

    /// <summary>Sentences dropped because they hold a gold answer of the questions asked.</summary>
    public int Dropped { get; private init; }

    /// <summary>
    /// Reads each ingested source document's chunk vectors back from <paramref name="pipeline"/>'s embedding cache
    /// (filled when they were ingested) and splits the documents into sentences.
    /// </summary>
    public static async Task<Distractors> CreateAsync(EvalPipeline pipeline, IReadOnlyList<(QaSet.Document Document, string FolioId)> sources, IReadOnlyList<string> goldAnswers, double noise)
    {
        var sentencesOf = new List<List<string>>();
        var vectors = new List<float[]>();
        var dropped = 0;
        foreach (var (document, folioId) in sources)
        {
            // A document that failed or has no text has no chunks, hence no vector: it is no source.
            if (await pipeline.Files.LoadChunksAsync(folioId) is not { Count: > 0 } chunks)
            {
                continue;
            }

            var embeddings = await pipeline.CachedModel.GenerateAsync(chunks.Select(c => c.EmbeddingText).ToList());
            vectors.Add(Normalise(Mean(embeddings.Select(e => e.Vector.ToArray()).ToList())));
            var sentences = Split(document.Text);
            sentencesOf.Add(sentences.Where(s => !goldAnswers.Any(a => s.Contains(a, StringComparison.OrdinalIgnoreCase))).ToList());
            dropped += sentences.Count - sentencesOf[^1].Count;
        }

        return new Distractors([.. sentencesOf], [.. vectors], pipeline.ModelId, noise) { Dropped = dropped };
    }

    /// <summary>A distractor document's text, about <paramref name="characters"/> long, one sentence a paragraph.</summary>
    public string Document(int characters)
    {
        var sources = Enumerable.Range(0, SourcesPerDocument).Select(_ => _random.Next(_sentencesOf.Length)).Where(s => _sentencesOf[s].Count > 0).ToList();
        var text = new StringBuilder();
        while (sources.Count > 0 && text.Length < characters)
        {
            var sentences = _sentencesOf[sources[_random.Next(sources.Count)]];
            text.Append(sentences[_random.Next(sentences.Count)]).Append("\n\n");
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            var sources = text.Split('\n').Select(line => _sourceOf.TryGetValue(line.Trim(), out var s) ? s : -1).Where(s => s >= 0).ToList();
            if (sources.Count == 0)
            {
                sources.Add(_random.Next(_vectors.Length));
            }

            var vector = Normalise(Mean(sources.Select(s => _vectors[s]).ToList()));
            var sigma = _noise / Math.Sqrt(vector.Length);
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] += (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()));
            }

            result.Add(new Embedding<float>(Normalise(vector)) { ModelId = _metadata.DefaultModelId });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static List<string> Split(string text) =>
        SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length >= 30).ToList();

    private static float[] Mean(List<float[]> vectors)
    {
        var mean = new float[vectors[0].Length];
        foreach (var v in vectors)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, v, mean);
        }

        return mean;
    }

    private static float[] Normalise(float[] v)
    {
        System.Numerics.Tensors.TensorPrimitives.Divide(v, System.Numerics.Tensors.TensorPrimitives.Norm(v), v);
        return v;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceEnd();
}
