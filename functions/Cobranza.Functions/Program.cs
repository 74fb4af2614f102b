using Cobranza.Functions.Cases;
using Cobranza.Functions.StaffConsole;
using Cobranza.Functions.Events;
using Cobranza.Functions.Hosting;
using Cobranza.Functions.Hosting.Triggers;
using Cobranza.Functions.Payments;
using Cobranza.Functions.Payments.Providers;
using Cobranza.Functions.Messaging;
using Cobranza.Functions.Idempotency;
using Cobranza.Functions.Policies;
using Cobranza.Functions.Security;
using Cobranza.Functions.Unsubscribe;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
CustomHandler.ListenOnHostPort(builder);

using var startupLogs = LoggerFactory.Create(logging => logging.AddConsole());
var (storage, azurite) = await LocalStorage.ResolveAsync(builder.Configuration, startupLogs.CreateLogger("Cobranza.Storage"), CancellationToken.None);
await using var localAzurite = azurite;

var credentials = CredentialsResolver.Resolve(builder.Configuration, builder.Environment, startupLogs.CreateLogger("Cobranza.Security"));
builder.Services.AddCobranza(builder.Configuration, storage, credentials);

var app = builder.Build();
HostFunctionsCheck.ThrowIfMismatched(app.Services);
app.UseExceptionHandler();
app.UseStatusCodePages();
// The staff console's files (/, /app/*.js, /i18n/*.json) need no key; the page sends the key on its API calls.
app.UseStaffConsole(app.Environment);
app.UseRouting();

// Refusals come before any work, cheapest first: who is calling (401/403), is the webhook signed (401), is the
// caller within its rate (429), is this a replay of an earlier request (the first response again).
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<WebhookSignatureMiddleware>();
app.UseRateLimiter();
app.UseMiddleware<IdempotencyMiddleware>();

// Everything but the health probe is rate limited (see RequestRateLimiting).
var limited = app.MapGroup("").ProducesProblem(StatusCodes.Status429TooManyRequests);
limited.MapCasesApi();
limited.MapBatchIntakeApi();
limited.MapPaymentsApi();
limited.MapProviderWebhooksApi();
limited.MapPoliciesApi();
limited.MapAcsEventsApi();
limited.MapTemplatesApi();
limited.MapUnsubscribeApi();
limited.MapStaffConsoleApi();
app.MapHealthApi();
app.MapHostTriggers();
app.MapOpenApi();
app.MapScalarApiReference();

await app.RunAsync();

/// <summary>The app's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
