using System.Globalization;
using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Features.Topics;

/// <summary>
/// The keyset position in a list ordered by (date, rank, id), written as "2026-11-20.1.123": opaque to clients,
/// who pass back the nextAfter they were given.
/// </summary>
public readonly record struct DateCursor(DateOnly Date, int Rank, long Id)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd}.{Rank}.{Id}");

    /// <summary>The <c>after</c> query parameter of a list paged by date: none is the first page; a malformed one a field error.</summary>
    public static bool TryRead(string? after, out DateCursor? cursor, out ValidationProblem? problem)
    {
        problem = TryParse(after, out cursor) ? null : ApiProblem.Validation("after", "翻页位置无效，请从第一页重新查看。");
        return problem is null;
    }

    public static bool TryParse(string? text, out DateCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length == 3
            && DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rank)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            cursor = new DateCursor(date, rank, id);
            return true;
        }

        return false;
    }
}
