using Cobranza.Functions.Cases;
using Cobranza.Functions.Events;
using Cobranza.Functions.Hosting;
using Cobranza.Functions.Payments;
using Cobranza.Functions.Messaging;
using Cobranza.Functions.Policies;
using Cobranza.Functions.Unsubscribe;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
CustomHandler.ListenOnHostPort(builder);

using var startupLogs = LoggerFactory.Create(logging => logging.AddConsole());
var (storage, azurite) = await LocalStorage.ResolveAsync(builder.Configuration, startupLogs.CreateLogger("Cobranza.Storage"), CancellationToken.None);
await using var localAzurite = azurite;

builder.Services.AddCobranza(builder.Configuration, storage);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapCasesApi();
app.MapPaymentsApi();
app.MapPoliciesApi();
app.MapHealthApi();
app.MapAcsEventsApi();
app.MapTemplatesApi();
app.MapUnsubscribeApi();
app.MapOpenApi();
app.MapScalarApiReference();

await app.RunAsync();

/// <summary>The app's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
