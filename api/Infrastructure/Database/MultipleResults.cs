using System.Data;
using System.Data.Common;
using Dapper;

namespace MaShangYi.Api.Infrastructure.Database;

/// <summary>
/// Multi-result reads: the service's one way to send several statements and read their results in one round trip.
/// <para>
/// Dapper's own grid (<c>QueryMultipleAsync</c>) disposed with a result unread cancels its command first, and
/// MySqlConnector cancels with a <c>KILL QUERY</c> from a second connection; such a kill racing the rest of the batch left
/// reads waiting forever for a result the server never sent (docs/benchmarks.md, *A read that waited forever*). And
/// over a command kept out of Dapper's cache (a change's script, whose text varies) that grid emitted a parameter reader
/// at every result read (*A change's script*). This grid is Dapper's, over the reader Dapper prepared (parameters set,
/// lists expanded), named by a command that is never run: disposing it reads what is left, and a read builds nothing
/// (a row type's reader comes from Dapper's cache by type and columns).
/// </para>
/// </summary>
public static class MultipleResults
{
    public static async Task<SqlMapper.GridReader> QueryResultsAsync(this IDbConnection connection, CommandDefinition command)
    {
        var reader = (DbDataReader)await connection.ExecuteReaderAsync(command);
        var name = connection.CreateCommand();
        name.CommandText = command.CommandText;
        name.Transaction = command.Transaction;
        // A fixed text keeps each result's reader in Dapper's cache, as Dapper's own grid does; a script's varying text does not.
        return new Grid(reader, name, addToCache: (command.Flags & CommandFlags.NoCache) == 0, command.CancellationToken);
    }

    private sealed class Grid(DbDataReader reader, IDbCommand name, bool addToCache, CancellationToken ct)
        : SqlMapper.GridReader(name, reader, identity: null, addToCache: addToCache, cancellationToken: ct);
}
