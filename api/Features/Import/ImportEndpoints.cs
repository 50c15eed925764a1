using System.Security.Claims;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Csv;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Import;

public static class ImportEndpoints
{
    private const long MaxFileBytes = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/import").WithTags("Import").RequireAuthorization();

        group.MapPost("/rooms", ImportRooms)
            .WithBodyLimit(MaxFileBytes)
            .DisableAntiforgery()
            // One Accepts with both types: routing matches the request's Content-Type against the last Accepts only.
            .Accepts<IFormFile>("multipart/form-data", "text/csv")
            .WithSummary("Bulk import regions and rooms from a UTF-8 CSV (region admin); with dryRun=true, only say what it would change")
            .WithDescription("One row per room with its region path: city_code, city_name, county_code, county_name, town_code, town_name, village_code, village_name, room_name, address, contact_name, contact_phone (Chinese headers 市代码 … 联系电话 also accepted). Rows without room_name declare regions only. Each code extends its parent's as the statistical division codes do (city 320800, county 320812, town 320812001, village 320812001001). Regions match by code and rooms by (region, name), so a second import of the same file changes nothing. Any bad row refuses the whole file: the 400 lists every row with line, column and message (rowErrors), and nothing is written. The answer counts regions and rooms created, updated and unchanged and lists each with its action; dryRun=true gives the same answer (or the same 400) and writes nothing.")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(413);
        group.MapGet("/rooms/template.csv", () => TypedResults.Bytes(SpreadsheetCsv.Write(ImportFile.ChineseHeaders, []), "text/csv; charset=utf-8"))
            .WithSummary("An empty import file with the expected header");
        return app;
    }

    private static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportRooms(
        bool? dryRun, HttpRequest request, ClaimsPrincipal user, Access access, Importer importer, CancellationToken ct)
    {
        var content = await ReadFileAsync(request, ct);
        if (content is null or { Length: 0 })
        {
            return ApiProblem.BadRequest("import_file_missing", "请上传 CSV 文件（multipart 表单的文件，或 Content-Type: text/csv 的请求体）。");
        }

        var scopes = await access.ScopePathsAsync(user.UserId(), Roles.RegionAdmin, ct);
        if (scopes.Count == 0)
        {
            return ApiProblem.Forbidden("只有区域管理员可以导入议事室。");
        }

        var outcome = await importer.ImportAsync(content, scopes, dryRun == true, ct);
        if (outcome.Result is null)
        {
            return ApiProblem.Create(400, "import_rows_invalid", dryRun == true ? $"文件中有 {outcome.Errors.Count} 处错误，请修改后重新上传。" : $"文件中有 {outcome.Errors.Count} 处错误，整份文件未导入。请修改后重新上传。",
                new Dictionary<string, object?> { ["rowErrors"] = outcome.Errors });
        }

        return TypedResults.Ok(outcome.Result);
    }

    private static async Task<byte[]?> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                return null;
            }

            await form.Files[0].CopyToAsync(buffer, ct);
        }
        else
        {
            await request.Body.CopyToAsync(buffer, ct);
        }

        return buffer.ToArray();
    }
}
