using Microsoft.OpenApi;

namespace MaShangYi.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
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
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "码上议 API v1");
            options.DocumentTitle = "码上议 API";
        });
        return app;
    }
}
