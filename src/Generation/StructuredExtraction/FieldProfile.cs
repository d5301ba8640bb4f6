using System.Text.RegularExpressions;

namespace Folio.Generation.StructuredExtraction;

/// <summary>
/// What the extractive path knows about a leaf field: its <see cref="FieldKind"/>, the labels that
/// introduce its value in English, German and French (from its name, from terms its description names in
/// parentheses, and from a small vocabulary of invoice and contract labels), and the query text its
/// candidates are compared with by embedding.
/// </summary>
internal sealed partial class FieldProfile
{
    // Label vocabulary: (words in the field's name or description that select it, labels). Domain words, not file-specific.
    private static readonly (string[] When, string[] Labels)[] Vocabulary =
    [
        (["invoice number", "invoice no", "invoice id", "rechnungsnummer", "invoice_number", "numéro de facture"],
            ["invoice number", "invoice no", "invoice #", "invoice nr", "invoice id", "rechnungsnummer", "rechnungs-nr", "rechnung nr", "rechnungsnr", "rechnung",
             "facture n°", "n° de facture", "numéro de facture", "facture", "factuurnummer", "bill no", "invoice", "nr.", "no.", "n°", "#"]),
        (["issue date", "invoice date", "issue_date", "date the invoice was issued"],
            ["invoice date", "date of issue", "issue date", "rechnungsdatum", "belegdatum", "date de facture", "date de facturation", "factuurdatum", "datum", "date", "dated",
             "rechnung", "invoice", "facture"]),
        (["due date", "due_date", "date_due", "payment is due", "fälligkeitsdatum"],
            ["due date", "payment due", "date due", "due by", "due", "fälligkeitsdatum", "fälligkeitstag", "fälligkeit", "fällig am", "fällig", "zahlbar bis", "zahlungsziel", "date d'échéance", "échéance", "payable by", "pay by"]),
        (["effective date", "effective_date", "legally binding"],
            ["dated as of", "effective as of", "entered into as of", "made and entered into as of", "made as of", "entered into on", "made on", "effective date", "dated", "as of"]),
        (["total_net", "amount_untaxed", "without vat", "excluding tax", "net total", "untaxed", "tax basis"],
            ["total net", "net total", "subtotal", "sub-total", "sub total", "total excl", "net amount", "amount untaxed", "untaxed amount", "nettobetrag", "summe netto", "gesamtbetrag netto",
             "gesamt netto", "netto", "total ht", "montant ht", "total hors taxes", "tax basis", "net"]),
        (["total_tax", "amount_tax", "vat amount", "total vat", "tax amount"],
            ["total tax", "total vat", "tax amount", "vat amount", "sales tax", "umsatzsteuer", "mehrwertsteuer", "mwst", "ust", "steuerbetrag", "montant tva", "total tva", "tva", "gst", "vat", "tax"]),
        (["total_gross", "amount due", "amount to pay", "including tax", "zahlbetrag", "gross"],
            ["amount due", "total due", "balance due", "amount payable", "zahlbetrag", "zu zahlender betrag", "gesamtbetrag", "bruttobetrag", "rechnungsbetrag", "endbetrag", "total brutto",
             "brutto", "net à payer", "montant ttc", "total ttc", "grand total", "total amount", "amount to pay", "to pay", "total"]),
        (["seller", "supplier", "issuer", "vendor"],
            ["seller", "supplier", "vendor", "lieferant", "verkäufer", "rechnungssteller", "fournisseur", "vendeur", "issued by", "from"]),
        (["buyer", "customer", "addressed to"],
            ["buyer", "customer", "bill to", "billed to", "invoice to", "sold to", "kunde", "käufer", "rechnungsempfänger", "client", "acheteur", "destinataire"]),
        (["vat id", "vat_id", "vat registration", "vat identification", "ust-idnr"],
            ["vat id", "vat no", "vat number", "vat reg", "vat registration", "ust-idnr", "ust-id", "ustidnr", "ust.-id", "ust id", "umsatzsteuer-id", "umsatzsteuer-identifikationsnummer",
             "n° tva", "tva intracommunautaire", "numéro de tva", "tax id", "vat"]),
        (["iban"], ["iban"]),
        (["bic", "swift"], ["bic", "swift"]),
        (["currency"], ["currency", "währung", "devise"]),
        (["governing", "governs", "jurisdiction"], ["governed by", "governing law", "laws of"]),
        (["duration", "term"], ["term of", "period of", "remain in effect", "remain in full force", "shall continue", "for a period", "term"]),
    ];

    private FieldProfile(string pointer, SchemaField field, FieldKind kind, IReadOnlyList<string> labels, string query)
    {
        Pointer = pointer;
        Field = field;
        Kind = kind;
        Labels = labels;
        Query = query;
    }

    /// <summary>The JSON pointer of the field in the result.</summary>
    public string Pointer { get; }

    public SchemaField Field { get; }

    public FieldKind Kind { get; }

    /// <summary>Labels, most specific first.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>What candidates are compared with by embedding: the field's words and description.</summary>
    public string Query { get; }

    /// <summary>Whether values are written without spaces (the description says so).</summary>
    public bool WithoutSpaces => Field.Description.Contains("without spaces", StringComparison.OrdinalIgnoreCase);

    public static FieldProfile For(string pointer, SchemaField field, string parentName)
    {
        var name = Words(field.Name);
        var description = field.Description.ToLowerInvariant();
        var about = name + " " + description;
        var kind = KindOf(field, name, description);
        var labels = new List<string>();
        if (kind != FieldKind.Enum)
        {
            // The field's own name first, then terms the description names in parentheses, then the vocabulary.
            labels.Add(name);
            if (parentName.Length > 0)
            {
                labels.Add(Words(parentName) + " " + name);
            }

            foreach (Match group in ParenthesesPattern().Matches(field.Description))
            {
                labels.AddRange(group.Groups[1].Value.Split([',', '/', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(t => !t.StartsWith("e.g", StringComparison.OrdinalIgnoreCase) && !t.StartsWith("z.B", StringComparison.OrdinalIgnoreCase)
                        && !t.StartsWith("i.e", StringComparison.OrdinalIgnoreCase) && t.Length is > 2 and < 40 && !t.Any(char.IsAsciiDigit))
                    .Select(t => t.TrimEnd('.').ToLowerInvariant()));
            }

            foreach (var (when, vocabulary) in Vocabulary)
            {
                if (when.Any(w => about.Contains(w, StringComparison.Ordinal) || field.Name.Contains(w, StringComparison.OrdinalIgnoreCase)))
                {
                    labels.AddRange(vocabulary);
                }
            }
        }

        var distinct = labels.Where(l => l.Length > 1).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var query = (name + ". " + field.Description).Trim();
        return new FieldProfile(pointer, field, kind, distinct, query);
    }

    private static FieldKind KindOf(SchemaField field, string name, string description)
    {
        bool NameHas(params string[] words) => words.Any(w => Regex.IsMatch(name, $@"\b{Regex.Escape(w)}\b"));
        bool Says(params string[] words) => words.Any(w => description.Contains(w, StringComparison.Ordinal));
        if (field.Enum is not null)
        {
            return FieldKind.Enum;
        }

        return field.Type switch
        {
            FieldType.Boolean => FieldKind.Boolean,
            FieldType.Number when NameHas("amount", "total", "tax", "net", "gross", "price", "sum", "fee", "cost", "balance", "due", "paid", "vat", "subtotal") => FieldKind.Amount,
            FieldType.Number => FieldKind.Number,
            FieldType.Integer => FieldKind.Integer,
            _ when field.Format is "date" or "date-time" || NameHas("date", "datum", "dated") => FieldKind.Date,
            _ when field.Format == "email" || NameHas("email", "e-mail", "mail") => FieldKind.Email,
            _ when field.Format == "uri" || NameHas("url", "website", "homepage", "uri") => FieldKind.Url,
            _ when NameHas("iban") => FieldKind.Iban,
            _ when NameHas("bic", "swift") => FieldKind.Bic,
            _ when NameHas("vat", "ust", "tva", "gst") && !NameHas("amount", "total", "rate") || Says("vat identification", "vat registration", "vat id") => FieldKind.VatId,
            _ when NameHas("currency", "währung", "devise") => FieldKind.Currency,
            _ when NameHas("phone", "telephone", "tel", "fax", "mobile") => FieldKind.Phone,
            _ when NameHas("jurisdiction") || Says("governing-law", "governing law", "whose law governs", "governed by") => FieldKind.Jurisdiction,
            _ when NameHas("term", "duration", "period") || Says("duration") => FieldKind.Duration,
            _ when NameHas("party", "parties", "seller", "buyer", "issuer", "supplier", "vendor", "customer", "company", "name", "organisation",
                "organization", "person", "employer", "employee", "lessor", "lessee", "licensor", "licensee", "client") => FieldKind.Name,
            _ when NameHas("number", "no", "nr", "id", "reference", "ref", "code") => FieldKind.Identifier,
            _ => FieldKind.Text,
        };
    }

    /// <summary>"invoice_number" and "invoiceNumber" as "invoice number".</summary>
    public static string Words(string name) =>
        CamelPattern().Replace(name, "$1 $2").Replace('_', ' ').Replace('-', ' ').Trim().ToLowerInvariant();

    [GeneratedRegex(@"\(([^()]{3,200})\)")]
    private static partial Regex ParenthesesPattern();

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex CamelPattern();
}
