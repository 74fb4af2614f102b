using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cobranza.Testing.MercadoPago;

/// <summary>
/// Mercado Pago's payments API on loopback, for tests: a real HTTP server (Kestrel on 127.0.0.1, a free port) answering
/// <c>GET /v1/payments/{id}</c> with the payments a test put in (<see cref="SetPayment"/>), 404 for others, and 401
/// unless <c>Authorization: Bearer {AccessToken}</c>. Failures can be injected; every request is recorded. No test
/// framework inside, so any test project can use it.
/// </summary>
public sealed class FakeMercadoPagoApi : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly WebApplication _app;
    private readonly Dictionary<long, JsonObject> _payments = [];
    private readonly List<FakeMercadoPagoRequest> _requests = [];
    private int _failuresLeft;
    private int _disposed;

    private FakeMercadoPagoApi(WebApplication app, string accessToken)
    {
        _app = app;
        AccessToken = accessToken;
    }

    /// <summary>The server's base address, ending with a slash (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The one access token accepted.</summary>
    public string AccessToken { get; }

    /// <summary>Every request received, in order, with the status it was answered with.</summary>
    public IReadOnlyList<FakeMercadoPagoRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeMercadoPagoApi> StartAsync(string accessToken = "APP_USR-fake-access-token", CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        var api = new FakeMercadoPagoApi(app, accessToken);
        app.Run(api.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        api.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return api;
    }

    /// <summary>Puts (or replaces) the payment the API answers for <paramref name="id"/>, as Mercado Pago's JSON.</summary>
    public void SetPayment(long id, JsonObject payment)
    {
        lock (_gate)
        {
            _payments[id] = (JsonObject)payment.DeepClone();
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests with 500, whatever they ask.</summary>
    public void FailNextRequests(int count)
    {
        lock (_gate)
        {
            _failuresLeft += count;
        }
    }

    /// <summary>The requests for one payment.</summary>
    public IReadOnlyList<FakeMercadoPagoRequest> RequestsFor(long id) =>
        [.. Requests.Where(r => r.Path == $"/v1/payments/{id}")];

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (status, body) = Answer(context.Request);
        lock (_gate)
        {
            _requests.Add(new FakeMercadoPagoRequest(context.Request.Method, context.Request.Path.Value ?? "", status, context.Request.Headers.Authorization.ToString()));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private (int Status, JsonObject Body) Answer(HttpRequest request)
    {
        lock (_gate)
        {
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                return (500, Error("internal_error", "Injected failure.", 500));
            }
        }

        if (request.Headers.Authorization.ToString() != "Bearer " + AccessToken)
        {
            return (401, Error("unauthorized", "invalid access token", 401));
        }

        var segments = (request.Path.Value ?? "").Trim('/').Split('/');
        if (!HttpMethods.IsGet(request.Method) || segments is not ["v1", "payments", var idText] || !long.TryParse(idText, out var id))
        {
            return (404, Error("not_found", "resource not found", 404));
        }

        lock (_gate)
        {
            return _payments.TryGetValue(id, out var payment)
                ? (200, (JsonObject)payment.DeepClone())
                : (404, Error("not_found", "Payment not found", 404));
        }
    }

    /// <summary>Mercado Pago's error body.</summary>
    private static JsonObject Error(string error, string message, int status) =>
        new() { ["message"] = message, ["error"] = error, ["status"] = status, ["cause"] = new JsonArray() };
}

/// <summary>A request the fake received: what, what it answered and the Authorization header sent.</summary>
public sealed record FakeMercadoPagoRequest(string Method, string Path, int Status, string Authorization);
