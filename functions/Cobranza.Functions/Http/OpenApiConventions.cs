using Cobranza.Domain;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cobranza.Functions.Http;

/// <summary>Makes the OpenAPI document say what the wire carries: durations are ISO 8601 strings, not objects.</summary>
public static class OpenApiConventions
{
    public static OpenApiOptions DescribeWireTypes(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(IsoDuration))
            {
                schema.Type = JsonSchemaType.String;
                schema.Format = "duration";
                schema.Description = "An ISO 8601 duration, e.g. P7D or PT1H.";
                schema.Properties?.Clear();
                schema.Required?.Clear();
            }

            return Task.CompletedTask;
        });
        return options;
    }
}
