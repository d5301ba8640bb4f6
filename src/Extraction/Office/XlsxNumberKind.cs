namespace Folio.Extraction.Office;

/// <summary>How a number is rendered.</summary>
internal enum XlsxNumberKind
{
    Number,
    Date,
    DateTime,
    Time,
    Percent,
}
