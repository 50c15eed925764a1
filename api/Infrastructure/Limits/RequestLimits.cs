using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace MaShangYi.Api.Infrastructure.Limits;

public static class RequestLimits
{
    /// <summary>JSON bodies are small; a larger body is refused with 413 before it is read. Endpoints that take files raise it with <see cref="WithBodyLimit{TBuilder}"/>.</summary>
    public const long DefaultMaxBodyBytes = 64 * 1024;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services) => services;

    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // The endpoint's limit decides, also where the server has no body-size feature (the in-memory test server).
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultMaxBodyBytes;
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = limit;
            }

            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }

            // Kestrel enforces the limit on chunked bodies itself; other servers (the test host, IIS) may not.
            if (context.Request.ContentLength is null)
            {
                context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
            }

            return next(context);
        });
        return app;
    }

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(maxBytes));

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
