namespace Folio.Generation.StructuredExtraction;

/// <summary>What a leaf field holds, read from its type, format, name and description; decides which typed parser finds its values.</summary>
internal enum FieldKind
{
    Text,
    Identifier,
    Name,
    Date,
    Amount,
    Number,
    Integer,
    Boolean,
    Currency,
    Email,
    Url,
    Phone,
    Iban,
    Bic,
    VatId,
    Duration,
    Jurisdiction,
    Enum,
}
