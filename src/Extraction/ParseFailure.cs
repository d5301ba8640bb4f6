namespace Folio.Extraction;

/// <summary>Why a document could not be parsed; each maps to a stable <c>errorCode</c>.</summary>
public enum ParseFailure
{
    /// <summary><c>document_too_large</c>: over a size, page or uncompressed-size limit.</summary>
    DocumentTooLarge,
    /// <summary><c>unsupported_document_type</c>: a format Folio does not read (legacy Office, ODF, RTF, binary).</summary>
    UnsupportedDocumentType,
    /// <summary><c>document_encrypted</c>: needs a password Folio does not have.</summary>
    DocumentEncrypted,
    /// <summary><c>document_unreadable</c>: damaged beyond lenient parsing, or parsing ran past its time limit.</summary>
    DocumentUnreadable,
    /// <summary><c>document_empty</c>: no bytes, or no text at all.</summary>
    DocumentEmpty,
}
