using System.Net;
using Cobranza.Domain;
using Cobranza.Durable;
using Cobranza.Functions.Debtors;
using Cobranza.Functions.Http;
using Cobranza.Functions.Messaging;
using Microsoft.Extensions.Options;

namespace Cobranza.Functions.Unsubscribe;

/// <summary>
/// The page behind a message's unsubscribe link, <c>{PublicBaseUrl}/p/{token}</c>: it names only the sender and the
/// channel, and one click confirms. Nothing else about the debtor or the debt is shown.
/// </summary>
public static class UnsubscribeApi
{
    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/p/{token}", ShowUnsubscribe)
            .WithName(nameof(ShowUnsubscribe))
            .WithTags("Unsubscribe")
            .WithSummary("The unsubscribe page of a message link.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/p/{token}", ConfirmUnsubscribe)
            .WithName(nameof(ConfirmUnsubscribe))
            .WithTags("Unsubscribe")
            .WithSummary("Confirms the unsubscribe: the debtor gets no more messages on that channel.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<IResult> ShowUnsubscribe(string token, LinkSigner links, IOptions<CompanyOptions> company, CancellationToken cancellationToken)
    {
        var claims = await links.VerifyAsync(token, cancellationToken);
        if (claims is null)
        {
            return Problems.NotFound("This link is not valid or has expired.");
        }

        var text = UnsubscribeTexts.For(claims.Language);
        var channel = claims.Channel == Channel.Email ? text.Email : text.Sms;
        var body = $"""
            <p>{Encode(string.Format(text.Question, channel, company.Value.Name))}</p>
            <form method="post"><button type="submit">{Encode(text.Confirm)}</button></form>
            """;
        return Page(claims.Language, text.Title, body);
    }

    private static async Task<IResult> ConfirmUnsubscribe(string token, LinkSigner links, DebtorDirectory debtors, IDurableClient<DunningCase> cases, CancellationToken cancellationToken)
    {
        var claims = await links.VerifyAsync(token, cancellationToken);
        if (claims is null)
        {
            return Problems.NotFound("This link is not valid or has expired.");
        }

        await DebtorOptOut.ApplyAsync(debtors, cases, claims.DebtorId, claims.Channel, "unsubscribe link", cancellationToken);
        var text = UnsubscribeTexts.For(claims.Language);
        return Page(claims.Language, text.Title, $"<p>{Encode(string.Format(text.Done, claims.Channel == Channel.Email ? text.Email : text.Sms))}</p>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}button{font-size:1rem;padding:.6rem 1.2rem}";

    private static IResult Page(string language, string title, string body) => TypedResults.Content($"""
        <!doctype html>
        <html lang="{Encode(language)}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Encode(title)}</title>
        <style>{Style}</style></head>
        <body><h1>{Encode(title)}</h1>{body}</body>
        </html>
        """, "text/html; charset=utf-8");
}
