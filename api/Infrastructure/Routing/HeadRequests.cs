namespace MaShangYi.Api.Infrastructure.Routing;

/// <summary>
/// A HEAD request is answered as its GET would be, without the body (HTTP requires a server to answer HEAD wherever it
/// answers GET). Link checkers, uptime monitors and chat apps that preview a board's address ask with HEAD first; they
/// used to get 405 from every API address, because minimal APIs map GET alone.
/// <para>
/// The request is routed as a GET, so everything on the way (authorisation, rate limits, the public cache, compression)
/// treats it as that GET, and its headers — Content-Length, Content-Type, caching — are the GET's. Kestrel still knows
/// the request came as HEAD and sends no body. Writes are never touched: only HEAD becomes GET.
/// </para>
/// </summary>
public static class HeadRequests
{
    /// <summary>Runs first, and routes after it: the routing that <c>WebApplication</c> would otherwise add at the start
    /// of the pipeline must see the GET.</summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }

            return next(context);
        });
        app.UseRouting();
        return app;
    }
}
