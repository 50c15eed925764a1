using System.Text;
using Dapper;

namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// Rows written by one statement (a batch of submissions) instead of a statement per row. Only the placeholders are
/// generated; every value is a parameter.
/// </summary>
public static class SqlRows
{
    /// <summary>
    /// Command flags for SQL whose text is written anew per call (a varying number of rows, literal values): kept out of
    /// Dapper's cache, which would otherwise keep up to a thousand such texts and build a reader for each.
    /// </summary>
    public const CommandFlags Generated = CommandFlags.Buffered | CommandFlags.NoCache;

    /// <summary>
    /// The VALUES list of a multi-row INSERT: <c>(@name0_0, @name0_1, …), (@name1_0, …)</c> for <paramref name="rows"/>,
    /// with each row's <paramref name="values"/> added to <paramref name="parameters"/>.
    /// </summary>
    public static string Values<T>(DynamicParameters parameters, string name, IEnumerable<T> rows, Func<T, object?[]> values) =>
        Build(parameters, name, rows, values, (sql, r, c, parameter) =>
            sql.Append(c == 0 ? (r == 0 ? "(@" : ", (@") : ", @").Append(parameter), sql => sql.Append(')'));

    /// <summary>
    /// The rows as a derived table, <c>SELECT @name0_0 AS a, @name0_1 AS b UNION ALL SELECT @name1_0, @name1_1 …</c>,
    /// with the <paramref name="columns"/> named: for an INSERT … SELECT that joins them to rows just written.
    /// </summary>
    public static string Select<T>(DynamicParameters parameters, string name, IEnumerable<T> rows, string[] columns, Func<T, object?[]> values) =>
        Build(parameters, name, rows, values, (sql, r, c, parameter) =>
        {
            sql.Append(c == 0 ? (r == 0 ? "SELECT @" : " UNION ALL SELECT @") : ", @").Append(parameter);
            if (r == 0)
            {
                sql.Append(" AS ").Append(columns[c]);
            }
        }, _ => { });

    private static string Build<T>(
        DynamicParameters parameters, string name, IEnumerable<T> rows, Func<T, object?[]> values,
        Action<StringBuilder, int, int, string> column, Action<StringBuilder> endRow)
    {
        var sql = new StringBuilder();
        var r = 0;
        foreach (var row in rows)
        {
            var columns = values(row);
            for (var c = 0; c < columns.Length; c++)
            {
                var parameter = $"{name}{r}_{c}";
                column(sql, r, c, parameter);
                parameters.Add(parameter, columns[c]);
            }

            endRow(sql);
            r++;
        }

        if (r == 0)
        {
            throw new ArgumentException("At least one row is needed.", nameof(rows));
        }

        return sql.ToString();
    }
}
