using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using MySqlConnector;

namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// The writes of one change, gathered from whoever takes part in it (the action, the timeline, each observer) and sent
/// to the database as ONE multi-statement command instead of a round trip each. Statements run in the order they were
/// added; a read (<see cref="QueryAsync{T}"/>) carries the statements still waiting ahead of it in the same round trip,
/// so it sees them. Added statements return no rows. Parameters share one namespace: a name already given another value
/// is renamed in the statement being added (SQL here holds no '@' but in parameter names: user variables are off).
/// </summary>
public sealed class ChangeScript(MySqlConnection connection, MySqlTransaction? transaction, CancellationToken ct)
{
    /// <summary>
    /// Begins a change's transaction in READ COMMITTED. Its reads of other rows (INSERT … SELECT from the topic and its
    /// last contribution) then take no shared gap locks: under REPEATABLE READ two new topics both locked the gap at the
    /// end of stats_topics and then both inserted into it — a deadlock at every few concurrent submissions. Rows a change
    /// depends on are locked explicitly (the topic row FOR UPDATE) before they are read.
    /// </summary>
    public const string Begin = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION";

    private readonly StringBuilder _sql = new();
    private readonly Dictionary<string, object?> _args = new(StringComparer.OrdinalIgnoreCase);
    private int _names;

    public MySqlConnection Connection => connection;

    public MySqlTransaction? Transaction => transaction;

    public CancellationToken Ct => ct;

    public bool IsEmpty => _sql.Length == 0;

    /// <summary>A parameter-name prefix no other contributor to this script has (for generated parameter lists).</summary>
    public string UniqueName(string stem) => $"{stem}{_names++}_";

    /// <summary>Queues <paramref name="sql"/> (one or more statements) with <paramref name="args"/> (an object's properties or a dictionary).</summary>
    public ChangeScript Add(string sql, object? args = null)
    {
        foreach (var (name, value) in Properties(args))
        {
            if (!_args.TryGetValue(name, out var existing))
            {
                _args[name] = value;
            }
            else if (!Same(existing, value))
            {
                // The same statement queued again with other values (a row per item): its parameter gets a name of its own.
                var renamed = UniqueName(name);
                sql = Regex.Replace(sql, $@"(?<![\w@])@{Regex.Escape(name)}(?!\w)", "@" + renamed, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                _args[renamed] = value;
            }
        }

        _sql.Append(sql.TrimEnd().TrimEnd(';')).Append(";\n");
        return this;
    }

    /// <summary>Sends the queued statements (one round trip; none when nothing is queued).</summary>
    public async Task ExecuteAsync()
    {
        if (IsEmpty)
        {
            return;
        }

        var (sql, args) = Take();
        await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct, flags: SqlRows.Generated));
    }

    /// <summary>Sends the queued statements and then <paramref name="sql"/>, in one round trip, and reads its results.</summary>
    public async Task<T> QueryAsync<T>(string sql, object? args, Func<SqlMapper.GridReader, Task<T>> read)
    {
        Add(sql, args);
        var (text, parameters) = Take();
        await using var grid = await connection.QueryResultsAsync(new CommandDefinition(text, parameters, transaction, cancellationToken: ct, flags: SqlRows.Generated));
        return await read(grid);
    }

    /// <summary>Ends the open transaction after a refusal or a failure; a connection already broken has lost it anyway.</summary>
    public static async Task RollBackAsync(MySqlConnection connection)
    {
        try
        {
            await connection.ExecuteAsync("ROLLBACK");
        }
        catch (Exception ex) when (ex is MySqlException or InvalidOperationException)
        {
        }
    }

    private static bool Same(object? a, object? b) =>
        Equals(a, b) || (a is System.Collections.IEnumerable x and not string && b is System.Collections.IEnumerable y and not string
                         && x.Cast<object?>().SequenceEqual(y.Cast<object?>()));

    private (string Sql, DynamicParameters Args) Take()
    {
        var result = (_sql.ToString(), new DynamicParameters(_args));
        _sql.Clear();
        _args.Clear();
        return result;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Properties(object? args) => args switch
    {
        null => [],
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs,
        DynamicParameters parameters => parameters.ParameterNames.Select(n => new KeyValuePair<string, object?>(n, parameters.Get<object?>(n))),
        _ => PropertiesOf.GetOrAdd(args.GetType(), type => type.GetProperties()).Select(p => new KeyValuePair<string, object?>(p.Name, p.GetValue(args))),
    };

    /// <summary>
    /// Each argument type's properties, held for the life of the process. The runtime keeps a type's PropertyInfos only
    /// weakly: dropped at a garbage collection, they came back with new invoke stubs, which the JIT compiled again — the
    /// submission's 19 properties about once a second under load (docs/benchmarks.md).
    /// </summary>
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesOf = new();
}
