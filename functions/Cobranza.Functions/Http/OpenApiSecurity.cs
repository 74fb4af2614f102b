using Cobranza.Functions.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cobranza.Functions.Http;

/// <summary>
/// Describes the API's credentials in the OpenAPI document (so Scalar asks for them): staff operations take a key in
/// <c>x-functions-key</c> or as a bearer token; signed webhooks take <c>X-Cobranza-Signature</c>.
/// </summary>
public static class OpenApiSecurity
{
    private const string FunctionsKey = "functionsKey";
    private const string BearerKey = "bearerKey";
    private const string Signature = "webhookSignature";

    public static OpenApiOptions DescribeSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[FunctionsKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = StaffKeyAuthenticationHandler.FunctionsKeyHeader,
                Description = "A staff API key (Cobranza:Auth:Keys:{keyId}:Key); its role decides what it may do.",
            };
            document.Components.SecuritySchemes[BearerKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The same staff API key as Authorization: Bearer <key>.",
            };
            document.Components.SecuritySchemes[Signature] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = WebhookSignature.HeaderName,
                Description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" with the source's secret> (see the README).",
            };
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var schemes = metadata.OfType<SignedWebhook>().Any() ? [Signature]
                : metadata.OfType<IAuthorizeData>().Any() ? new[] { FunctionsKey, BearerKey }
                : [];
            foreach (var scheme in schemes)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
