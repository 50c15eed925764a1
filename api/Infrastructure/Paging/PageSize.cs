using MaShangYi.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MaShangYi.Api.Infrastructure.Paging;

/// <summary>The page size of every keyset-paged list: 20 by default, refused with a field error outside 1..max.</summary>
public static class PageSize
{
    public const int Default = 20;

    public static bool TryRead(int? limit, int max, out int take, out ValidationProblem? problem)
    {
        take = limit ?? Default;
        problem = take < 1 || take > max ? ApiProblem.Validation("limit", $"每页数量应在 1 到 {max} 之间。") : null;
        return problem is null;
    }
}
