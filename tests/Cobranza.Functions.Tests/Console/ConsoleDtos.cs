using System.Net;
using System.Net.Http.Headers;
using Cobranza.Functions.Tests.Support;

namespace Cobranza.Functions.Tests.Console;

public sealed record ListItemDto(
    string InvoiceId, string State, decimal Amount, decimal Balance, string Currency, DebtorDto Debtor, DateOnly DueOn,
    PolicyRefDto Policy, int CurrentStep, DateTimeOffset? NextActionAt, PromiseDto? Promise, DateTimeOffset OpenedAt,
    string? HandedOffTo, List<PaymentDto> Payments, List<HistoryDto>? History, int DaysOverdue, string AgingBucket);

public sealed record ListPageDto(List<ListItemDto> Value, string? ContinuationToken);

public sealed record MeDto(string KeyId, string Role, List<string> May);

public sealed record DebtorBalanceDto(string Currency, decimal Balance, int OpenCases);

public sealed record DebtorDetailDto(string DebtorId, string Name, string? Email, string? Phone, string Language, string TimeZone, List<DebtorBalanceDto> Balances, List<ListItemDto> Cases);

public sealed record AgingBalanceDto(string Currency, string Bucket, decimal Balance, long Cases);
public sealed record StateCountDto(string State, long Count);
public sealed record RecoveryDto(string Month, string Currency, decimal Opened, decimal Collected, decimal? Rate);
public sealed record PromisesDto(long Kept, long Broken, long Open);
public sealed record MessageCountDto(string Channel, string Status, long Count);
public sealed record HandoffCountDto(string To, long Count);
public sealed record DsoDto(bool Available, string Reason);

public sealed record DashboardDto(
    DateTimeOffset AsOf, List<AgingBalanceDto> OpenBalanceByAging, List<StateCountDto> CasesByState, List<RecoveryDto> RecoveryByMonth,
    PromisesDto Promises, List<MessageCountDto> Messages, List<HandoffCountDto> Handoffs, decimal AverageDaysDelinquent, DsoDto Dso);

/// <summary>Reads of the console's routes.</summary>
public static class ConsoleReads
{
    public static async Task<ListPageDto> PageAsync(this CobranzaApi api, string query)
    {
        using var response = await api.GetAsync("api/cases?" + query);
        return await CobranzaApi.ReadAsync<ListPageDto>(response, HttpStatusCode.OK);
    }

    /// <summary>Every page of a query, following the continuation token.</summary>
    public static async Task<List<ListItemDto>> AllAsync(this CobranzaApi api, string query, int pageSize = 50)
    {
        var items = new List<ListItemDto>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await api.PageAsync($"{query}&pageSize={pageSize}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            Assert.InRange(page.Value.Count, 0, pageSize);
            items.AddRange(page.Value);
            token = page.ContinuationToken;
            Assert.True(++pages < 1000, "the continuation tokens never end");
        }
        while (token is not null);

        return items;
    }

    public static async Task<DashboardDto> DashboardAsync(this CobranzaApi api)
    {
        using var response = await api.GetAsync("api/dashboard");
        return await CobranzaApi.ReadAsync<DashboardDto>(response, HttpStatusCode.OK);
    }

    /// <summary>A client signed in with <paramref name="key"/> (for the role tests).</summary>
    public static HttpClient ClientWithKey(this AppHost app, string key)
    {
        var client = app.CreateClientWithoutCredentials();
        client.DefaultRequestHeaders.Add("x-functions-key", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
