using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using MsOptions = Microsoft.Extensions.Options.Options;

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

    /// <summary>The API's answers to GET and HEAD, at the fastest level: each is compressed as it is sent.</summary>
    public static IApplicationBuilder UseAnswerCompression(this IApplicationBuilder app) => app.UseCompression(CompressionLevel.Fastest);

    /// <summary>The console's files, at the optimal level: each is fetched once per browser and kept a year.</summary>
    public static IApplicationBuilder UseFileCompression(this IApplicationBuilder app) => app.UseCompression(CompressionLevel.Optimal);

    /// <summary>ASP.NET Core's response compression for reads, with a provider of its own at <paramref name="level"/>.</summary>
    private static IApplicationBuilder UseCompression(this IApplicationBuilder app, CompressionLevel level)
    {
        var provider = new ResponseCompressionProvider(app.ApplicationServices, MsOptions.Create(Options(level)));
        return app.UseWhen(IsRead, branch => branch.UseMiddleware<ResponseCompressionMiddleware>(provider));
    }

    private static bool IsRead(HttpContext context) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    private static ResponseCompressionOptions Options(CompressionLevel level)
    {
        var options = new ResponseCompressionOptions
        {
            // Behind the TLS-terminating proxy the request is HTTPS (forwarded headers); see the summary on why that is safe here.
            EnableForHttps = true,
            MimeTypes = TextTypes,
        };
        options.Providers.Add(new BrotliCompressionProvider(MsOptions.Create(new BrotliCompressionProviderOptions { Level = level })));
        options.Providers.Add(new GzipCompressionProvider(MsOptions.Create(new GzipCompressionProviderOptions { Level = level })));
        return options;
    }
}
