using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Folio.Extraction.Isolation;

/// <summary>
/// The frames between <see cref="ParserPool"/> and a <c>Folio.Parser</c> worker on the worker's stdin and
/// stdout, one request at a time. Request: int32 header length, the header (<see cref="ParseRequest"/> as
/// UTF-8 JSON), int64 content length, the file's bytes. Reply: int64 payload length, then the payload:
/// byte 0 and the document (<see cref="ParsedDocumentBinary"/>), or byte 1, the <see cref="ParseFailure"/>
/// (int32), its message and whether the worker stops. All integers little-endian.
/// </summary>
internal static class ParserProtocol
{
    private const byte DocumentTag = 0;
    private const byte FailureTag = 1;

    /// <summary>Sends a request and the content from its start.</summary>
    public static async Task WriteRequestAsync(Stream worker, ParseRequest request, Stream content, CancellationToken cancellationToken)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(request);
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, header.Length);
        await worker.WriteAsync(prefix, cancellationToken);
        await worker.WriteAsync(header, cancellationToken);
        var length = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, content.Length);
        await worker.WriteAsync(length, cancellationToken);
        content.Position = 0;
        await content.CopyToAsync(worker, cancellationToken);
        await worker.FlushAsync(cancellationToken);
    }

    /// <summary>Reads the next request in the worker; null when the pool closed the pipe.</summary>
    public static (ParseRequest Request, byte[] Content)? ReadRequest(Stream input)
    {
        var prefix = new byte[4];
        if (input.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length)
        {
            return null;
        }

        var header = new byte[BinaryPrimitives.ReadInt32LittleEndian(prefix)];
        input.ReadExactly(header);
        var request = JsonSerializer.Deserialize<ParseRequest>(header)
            ?? throw new InvalidDataException("The parse request header is empty.");
        var length = new byte[8];
        input.ReadExactly(length);
        var content = new byte[checked((int)BinaryPrimitives.ReadInt64LittleEndian(length))];
        input.ReadExactly(content);
        return (request, content);
    }

    /// <summary>Sends the worker's reply.</summary>
    public static void WriteReply(Stream output, ParseReply reply)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            if (reply.Document is { } document)
            {
                writer.Write(DocumentTag);
                ParsedDocumentBinary.Write(writer, document);
            }
            else
            {
                writer.Write(FailureTag);
                writer.Write((int)reply.Failure);
                writer.Write(reply.Message);
                writer.Write(reply.WorkerStops);
            }
        }

        var length = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, payload.Length);
        output.Write(length);
        output.Write(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        output.Flush();
    }

    /// <summary>Reads the worker's reply; null when the worker's output ended first (it died).</summary>
    public static async Task<ParseReply?> ReadReplyAsync(Stream worker, CancellationToken cancellationToken)
    {
        var length = new byte[8];
        if (await worker.ReadAtLeastAsync(length, length.Length, throwOnEndOfStream: false, cancellationToken) < length.Length)
        {
            return null;
        }

        var payload = new byte[checked((int)BinaryPrimitives.ReadInt64LittleEndian(length))];
        if (await worker.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, cancellationToken) < payload.Length)
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        return reader.ReadByte() == DocumentTag
            ? new ParseReply(ParsedDocumentBinary.Read(reader))
            : new ParseReply(null, (ParseFailure)reader.ReadInt32(), reader.ReadString(), reader.ReadBoolean());
    }
}
