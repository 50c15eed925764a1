using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace MaShangYi.Api.Infrastructure.OpenApi;

public sealed class ApiDocsOptions
{
    public const string Section = "Swagger";

    /// <summary>
    /// Serve the OpenAPI document and Swagger UI. Unset: on in the environments for development and tests, off
    /// elsewhere (a deployment does not advertise its whole surface unless asked to).
    /// </summary>
    public bool? Enabled { get; set; }
}

public static class OpenApiSetup
{
    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddOptions<ApiDocsOptions>().BindConfiguration(ApiDocsOptions.Section);
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "码上议 MaShangYi API",
                Version = "v1",
                Description = "Grassroots deliberation rooms: scan a room's code, raise issues, deliberate, supervise. Errors are RFC 9457 ProblemDetails with a machine `code` and a Chinese `detail`.",
            });
            options.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The accessToken from POST /api/auth/login.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
            options.CustomSchemaIds(type => type.FullName?.Replace("MaShangYi.Api.Features.", "", StringComparison.Ordinal).Replace('+', '.'));
        });
        return services;
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        if (!(app.Services.GetRequiredService<IOptions<ApiDocsOptions>>().Value.Enabled ?? app.Environment.IsForDevelopmentOrTests()))
        {
            return app;
        }

        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "码上议 API v1");
            options.DocumentTitle = "码上议 API";
        });
        return app;
    }
}
