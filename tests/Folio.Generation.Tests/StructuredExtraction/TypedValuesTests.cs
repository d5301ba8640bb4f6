using Folio.Generation.StructuredExtraction;

namespace Folio.Generation.Tests.StructuredExtraction;

public sealed class TypedValuesTests
{
    [Theory]
    [InlineData("dated as of May 20, 2014 by", true, "2014-05-20", "May 20, 2014")]
    [InlineData("this 1st day of January, 2019", true, "2019-01-01", "1st day of January, 2019")]
    [InlineData("Rechnung vom 05.03.2018", true, "2018-03-05", "05.03.2018")]
    [InlineData("am 1. März 2018 geliefert", false, "2018-03-01", "1. März 2018")]
    [InlineData("le 5 mars 2018", false, "2018-03-05", "5 mars 2018")]
    [InlineData("Invoice date 03/05/2018", true, "2018-03-05", "03/05/2018")]
    [InlineData("Date de facture 03/05/2018", false, "2018-05-03", "03/05/2018")]
    [InlineData("Date 2022-09-08", false, "2022-09-08", "2022-09-08")]
    [InlineData("Due 01-Mar-2018", true, "2018-03-01", "01-Mar-2018")]
    public void Dates_become_iso_8601(string text, bool monthFirst, string expected, string span)
    {
        var date = Assert.Single(TypedValues.Dates(text, monthFirst));

        Assert.Equal(expected, date.Value);
        Assert.Equal(span, text[date.Start..date.End]);
    }

    [Fact]
    public void Impossible_dates_are_not_dates() => Assert.Empty(TypedValues.Dates("31.02.2018 and 2018-13-01", monthFirst: false));

    [Theory]
    [InlineData("Total 1.234,56 EUR", 1234.56)]
    [InlineData("Total $1,234.56", 1234.56)]
    [InlineData("Zahlbetrag 529,87", 529.87)]
    [InlineData("Gutschrift -56,87", -56.87)]
    [InlineData("CHF 1'250.00", 1250.00)]
    [InlineData("Rs 1939", 1939)]
    public void Amounts_read_either_decimal_mark(string text, decimal expected) =>
        Assert.Equal(expected, Assert.Single(TypedValues.Amounts(text)).Value);

    [Fact]
    public void Ibans_need_a_valid_checksum()
    {
        var iban = Assert.Single(TypedValues.Ibans("IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX"));

        Assert.Equal("DE89370400440532013000", iban.Value);
        Assert.Empty(TypedValues.Ibans("IBAN: DE89 3704 0044 0532 0130 01"));
    }

    [Theory]
    [InlineData("for a period of two (2) years from", "2 years")]
    [InlineData("shall continue for eighteen months", "18 months")]
    [InlineData("a term of 1 year", "1 year")]
    [InlineData("a three-year term", "3 years")]
    public void Durations_are_number_and_unit(string text, string expected) =>
        Assert.Equal(expected, Assert.Single(TypedValues.Durations(text)).Value);

    [Fact]
    public void Currencies_emails_vat_ids_and_companies_are_found()
    {
        Assert.Equal(["EUR", "USD", "GBP"], TypedValues.Currencies("EUR 5, $3, £2").Select(c => c.Value));
        Assert.Equal("billing@example.com", Assert.Single(TypedValues.Emails("write to billing@example.com.")).Value);
        Assert.Equal("DE 232 446 240", Assert.Single(TypedValues.VatIds("USt-IdNr.: DE 232 446 240")).Value);
        Assert.Equal("Liquidmetal Technologies, Inc.", Assert.Single(TypedValues.Companies("between Liquidmetal Technologies, Inc. and")).Value);
        Assert.True(TypedValues.IsLegalForm("GmbH"));
    }
}
