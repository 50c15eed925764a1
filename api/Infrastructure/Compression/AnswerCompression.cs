using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace MaShangYi.Api.Infrastructure.Compression;

/// <summary>
/// Text answers are compressed (Brotli, else gzip) for clients that ask for it with <c>Accept-Encoding</c>: residents on
/// poor networks, and staff loading the console in a town office. On the 2,000,000-topic province a city's notice board
/// falls from 99 KB to 11 KB and a list page from 8 KB to 2 KB; the console's first load from 2.4 MB to 0.6 MB. A client
/// that does not ask gets the answer as before. Figures: docs/compression.md.
/// <list type="bullet">
/// <item>Only answers to GET and HEAD. Writes are small, and the answers of logging in carry tokens: never compressed, so a
/// token is never in a body whose compressed length depends on other text of the same answer (BREACH). Reads are
/// authenticated by a bearer header, which another site cannot make a browser send, or by the console's SameSite=Strict
/// cookie, which it does not send to another site's requests either.</item>
/// <item>The API's answers at the fastest level: each is compressed as it is sent, also when it comes from the public
/// cache, which keeps answers as written (compression is outside it).</item>
/// <item>The console's files at the optimal level: they are compressed once per browser and kept for a year.</item>
/// </list>
/// </summary>
public static class AnswerCompression
{
    /// <summary>What is worth compressing: text. Images, spreadsheets and zip files are compressed already.</summary>
    private static readonly string[] TextTypes =
    [
        "application/json", "application/problem+json", "text/html", "text/css", "text/javascript", "application/javascript",
        "text/plain", "text/csv", "text/xml", "application/xml", "image/svg+xml",
    ];

    public static IServiceCollection AddAnswerCompression(this IServiceCollection services) =>
        services.AddResponseCompression(options => Configure(options, CompressionLevel.Fastest));

    /// <summary>The API's answers to GET and HEAD, at the fastest level (<see cref="AddAnswerCompression"/>).</summary>
    public static IApplicationBuilder UseAnswerCompression(this IApplicationBuilder app) =>
        app.UseWhen(IsRead, branch => branch.UseResponseCompression());

    /// <summary>The console's files, at the optimal level: a provider of its own beside the API's.</summary>
    public static IApplicationBuilder UseFileCompression(this IApplicationBuilder app)
    {
        var provider = new ResponseCompressionProvider(app.ApplicationServices, Microsoft.Extensions.Options.Options.Create(Configure(new ResponseCompressionOptions(), CompressionLevel.Optimal)));
        return app.UseWhen(IsRead, branch => branch.UseMiddleware<ResponseCompressionMiddleware>(provider));
    }

    private static bool IsRead(HttpContext context) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    private static ResponseCompressionOptions Configure(ResponseCompressionOptions options, CompressionLevel level)
    {
        // Behind the TLS-terminating proxy the request is HTTPS (forwarded headers); see the summary on why that is safe here.
        options.EnableForHttps = true;
        options.MimeTypes = TextTypes;
        options.Providers.Add(new BrotliCompressionProvider(Microsoft.Extensions.Options.Options.Create(new BrotliCompressionProviderOptions { Level = level })));
        options.Providers.Add(new GzipCompressionProvider(Microsoft.Extensions.Options.Options.Create(new GzipCompressionProviderOptions { Level = level })));
        return options;
    }
}
