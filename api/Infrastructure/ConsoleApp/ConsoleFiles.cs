using MaShangYi.Api.Infrastructure.Compression;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.ConsoleApp;

/// <summary>
/// Serves the built web console (Vite's <c>console/dist</c>, copied next to the binary as <c>console/</c> when it was
/// built, or <c>Console:Folder</c>) at <c>/console/</c>. Client-side routes get index.html; Vite's hashed assets under
/// <c>assets/</c> never change, so browsers keep them a year, while index.html is checked on every load.
/// </summary>
public static class ConsoleFiles
{
    public const string PathPrefix = "/console";

    private const string AssetsFolder = "/assets/";

    public static WebApplication UseConsoleFiles(this WebApplication app)
    {
        var folder = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.FolderPath;
        if (!Directory.Exists(folder))
        {
            app.Map(PathPrefix, console => console.Run(NotBuilt));
            return app;
        }

        app.Map(PathPrefix, console =>
        {
            console.Use(async (context, next) =>
            {
                if (!File.Exists(Path.Combine(folder, "index.html")))
                {
                    await NotBuilt(context);
                    return;
                }

                // "/console" without its slash: relative asset paths resolve only under "/console/".
                if (!context.Request.Path.HasValue)
                {
                    context.Response.Redirect(context.Request.PathBase + "/" + context.Request.QueryString, permanent: true);
                    return;
                }

                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                await next(context);
            });

            console.UseFileCompression();
            var files = new PhysicalFileProvider(folder);
            console.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            console.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                    context.Context.Request.Path.StartsWithSegments(AssetsFolder.TrimEnd('/'), StringComparison.Ordinal)
                        ? "public, max-age=31536000, immutable"
                        : "no-cache",
            });
            console.Run(async context =>
            {
                // A client-side route (no file extension) is the app's; a missing file is a 404.
                var isRoute = (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                    && !Path.HasExtension(context.Request.Path.Value);
                if (!isRoute)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
            });
        });
        return app;
    }

    private static Task NotBuilt(HttpContext context) =>
        ApiProblem.Create(StatusCodes.Status404NotFound, "console_not_built",
            "管理后台尚未构建：请在 console/ 中运行 npm run build 后重新构建并启动 API，或把 Console:Folder 指向构建好的目录。").ExecuteAsync(context);
}
