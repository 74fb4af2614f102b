using System.Globalization;
using System.Text;
using Cobranza.Functions.Tests.Api;
using Cobranza.Functions.Tests.Support;
using Cobranza.Import;

namespace Cobranza.Functions.Tests.Import;

/// <summary>The aging-report importer against the real app: rows become cases through the signed batch API.</summary>
[Collection(ApiCollection.Name)]
public sealed class AgingReportImportTests(AppFixture fixture)
{
    private const string Header = "Invoice ID,Invoice Number,Debtor ID,Debtor Name,Email,Phone,Language,Time Zone,Amount,Currency,Issued On,Due On,Payment URL";

    [Fact]
    public async Task Import_ReportWithGoodAndBadRows_OpensTheGoodOnesAndNamesTheRowsOfTheBadOnes()
    {
        var prefix = Ids.New("AGE");
        var csv = new StringBuilder(Header + "\n");
        for (var i = 0; i < 23; i++)
        {
            csv.AppendLine(Row($"{prefix}-{i:00}", "1250.50"));
        }

        csv.AppendLine(Row($"{prefix}-00", "999.00"));                       // row 25: same invoice, other amount
        csv.AppendLine(Row($"{prefix}-bad", "1250.50").Replace("America/Mexico_City", "Mars/Olympus", StringComparison.Ordinal)); // row 26

        var summary = await ImportAsync(csv.ToString(), batchSize: 10);

        Assert.Equal((25, 23, 0, 1, 1), (summary.Rows, summary.Created, summary.Existing, summary.Conflicts, summary.Errors));
        Assert.Contains(summary.Problems, p => p.StartsWith($"row 25 ({prefix}-00) conflict", StringComparison.Ordinal));
        Assert.Contains(summary.Problems, p => p.StartsWith($"row 26 ({prefix}-bad) error", StringComparison.Ordinal) && p.Contains("debtor.timeZone", StringComparison.Ordinal));
        var opened = await fixture.Api.GetCaseAsync($"{prefix}-07");
        Assert.Equal((1250.50m, "MXN", "es-MX", "Lucía Gómez"), (opened.Amount, opened.Currency, opened.Debtor.Language, opened.Debtor.Name));
    }

    [Fact]
    public async Task Import_SameReportTwice_SecondTimeEveryRowIsAlreadyOpen()
    {
        var prefix = Ids.New("AGE");
        var csv = Header + "\n" + string.Join("\n", Enumerable.Range(0, 5).Select(i => Row($"{prefix}-{i}", "80")));

        var first = await ImportAsync(csv, batchSize: 2);
        var second = await ImportAsync(csv, batchSize: 1000);

        Assert.Equal((5, 0), (first.Created, first.Existing));
        Assert.Equal((0, 5), (second.Created, second.Existing));
    }

    [Fact]
    public async Task Import_SemicolonSeparatedReport_IsReadToo()
    {
        var id = Ids.New("AGE");
        var csv = Header.Replace(',', ';') + "\n" + Row(id, "10").Replace(',', ';');

        var summary = await ImportAsync(csv, batchSize: 10);

        Assert.Equal(1, summary.Created);
    }

    [Fact]
    public void Options_FileAndFlags_AreParsedWithEnvironmentFallbacks()
    {
        var options = ImportOptions.Parse(["aging.csv", "--batch-size", "500"], name => name == "COBRANZA_ERP_SECRET" ? "s3cret" : null);

        Assert.Equal(("aging.csv", "s3cret", 500, "http://localhost:7071/", (string?)null), (options.File, options.Secret, options.BatchSize, options.Url.ToString(), options.Error));
        Assert.NotNull(ImportOptions.Parse(["aging.csv", "--batch-size", "10001"], _ => null).Error);
        Assert.NotNull(ImportOptions.Parse(["--url", "x"], _ => null).Error);
    }

    private async Task<ImportSummary> ImportAsync(string csv, int batchSize)
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var importer = new AgingReportImporter(new BatchClient(http, TestCredentials.ErpSecret, TimeProvider.System), batchSize);
        var reports = new List<(int Done, int Total)>();
        var summary = await importer.ImportAsync(new StringReader(csv), null, new SynchronousProgress(reports.Add), CancellationToken.None);
        Assert.Equal(summary.Rows, reports[^1].Done);
        return summary;
    }

    private static string Row(string invoiceId, string amount)
    {
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{invoiceId},A-{invoiceId},D-{invoiceId},Lucía Gómez,lucia@example.com,+5215512345678,es-MX,America/Mexico_City,{amount},MXN,2026-10-01,{due},https://pay.example.com/{invoiceId}";
    }

    /// <summary>Progress reported on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<(int, int)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
