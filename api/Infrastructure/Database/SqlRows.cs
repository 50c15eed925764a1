using System.Text;
using Dapper;

namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// The VALUES list of a multi-row INSERT: one statement writes many rows (a batch of submissions) instead of a statement
/// per row. Only the placeholders are generated; every value is a parameter.
/// </summary>
public static class SqlRows
{
    /// <summary>
    /// <c>(@name0_0, @name0_1, …), (@name1_0, …)</c> for <paramref name="rows"/>, with each row's
    /// <paramref name="values"/> added to <paramref name="parameters"/>.
    /// </summary>
    public static string Values<T>(DynamicParameters parameters, string name, IEnumerable<T> rows, Func<T, object?[]> values)
    {
        var sql = new StringBuilder();
        var r = 0;
        foreach (var row in rows)
        {
            var columns = values(row);
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var parameter = $"{name}{r}_{c}";
                sql.Append(c == 0 ? "@" : ", @").Append(parameter);
                parameters.Add(parameter, columns[c]);
            }

            sql.Append(')');
            r++;
        }

        if (r == 0)
        {
            throw new ArgumentException("A VALUES list needs at least one row.", nameof(rows));
        }

        return sql.ToString();
    }
}
