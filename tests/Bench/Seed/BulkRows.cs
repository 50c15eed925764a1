using System.Globalization;
using System.Text;
using System.Threading.Channels;
using MySqlConnector;

namespace MaShangYi.Bench.Seed;

/// <summary>
/// Writes generated rows as multi-row INSERT statements of about a megabyte, executed in order on one connection by a
/// background task, so the generator keeps the other core busy. Statements are committed in transactions of several
/// megabytes. The values are the seed's own numbers, dates and fixed Chinese vocabulary, never input, and strings are
/// escaped anyway. The session runs with FOREIGN_KEY_CHECKS=0 (this session only): rows of a child table may be sent
/// before the batch of their parents, and the seed makes every id itself. The statements are numbered in the order sent:
/// given how many an earlier run committed, the same rows generated again skip those, and each commit records the count
/// (seed_progress) in its own transaction.
/// </summary>
public sealed class BulkRows : IAsyncDisposable
{
    private const int StatementBytes = 1 << 20;
    private const int StatementsPerTransaction = 16;

    private readonly Channel<string> _statements = Channel.CreateBounded<string>(8);
    private readonly Dictionary<string, Table> _tables = [];
    private readonly Task _pump;
    private readonly MySqlConnection _connection;
    private readonly long _committedBefore;
    private long _sent;

    /// <param name="connection">The connection the statements run on.</param>
    /// <param name="committedBefore">How many statements an earlier run of the same seed committed: they are not sent again.</param>
    public BulkRows(MySqlConnection connection, long committedBefore = 0)
    {
        (_connection, _committedBefore) = (connection, committedBefore);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Statements committed, this run's and those before.</summary>
    public long Committed { get; private set; }

    public Table this[string name] => _tables[name];

    public long Rows(string name) => _tables[name].Count;

    public void Define(string name, string columns) => _tables[name] = new Table(this, $"INSERT INTO {name} ({columns}) VALUES ");

    /// <summary>Sends every partly filled statement and waits until all are committed.</summary>
    public async Task FlushAsync()
    {
        foreach (var table in _tables.Values)
        {
            table.Send();
        }

        _statements.Writer.Complete();
        await _pump;
    }

    public async ValueTask DisposeAsync()
    {
        _statements.Writer.TryComplete();
        try
        {
            await _pump;
        }
        catch (MySqlException)
        {
            // Already surfaced by FlushAsync or the failed write; disposing must not throw again.
        }
    }

    private void Enqueue(string sql)
    {
        if (++_sent <= _committedBefore)
        {
            return;
        }

        if (_pump.IsFaulted)
        {
            _pump.GetAwaiter().GetResult();
        }

        while (!_statements.Writer.TryWrite(sql))
        {
            if (_pump.IsCompleted)
            {
                _pump.GetAwaiter().GetResult();
            }

            _statements.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private async Task PumpAsync()
    {
        await using (var off = new MySqlCommand("SET SESSION FOREIGN_KEY_CHECKS = 0", _connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        MySqlTransaction? tx = null;
        var pending = 0;
        Committed = _committedBefore;
        await foreach (var sql in _statements.Reader.ReadAllAsync())
        {
            tx ??= await _connection.BeginTransactionAsync();
            await using (var command = new MySqlCommand(sql, _connection, tx) { CommandTimeout = 600 })
            {
                await command.ExecuteNonQueryAsync();
            }

            if (++pending == StatementsPerTransaction)
            {
                await CommitAsync(tx, pending);
                await tx.DisposeAsync();
                (tx, pending) = (null, 0);
            }
        }

        if (tx is not null)
        {
            await CommitAsync(tx, pending);
            await tx.DisposeAsync();
        }

        await using var on = new MySqlCommand("SET SESSION FOREIGN_KEY_CHECKS = 1", _connection);
        await on.ExecuteNonQueryAsync();
    }

    private async Task CommitAsync(MySqlTransaction tx, int statements)
    {
        await using (var record = new MySqlCommand("UPDATE seed_progress SET statements = @n, updated_at = UTC_TIMESTAMP(3) WHERE id = 1", _connection, tx))
        {
            record.Parameters.AddWithValue("@n", Committed + statements);
            await record.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        Committed += statements;
    }

    /// <summary>One table's statement being filled: <c>Row()</c>, then the values in column order.</summary>
    public sealed class Table(BulkRows owner, string prefix)
    {
        private readonly StringBuilder _sql = new(StatementBytes + 4096);
        private bool _first = true;

        public long Count { get; private set; }

        public Table Row()
        {
            if (_sql.Length >= StatementBytes)
            {
                Send();
            }

            _sql.Append(_sql.Length == 0 ? prefix + "(" : "),(");
            _first = true;
            Count++;
            return this;
        }

        public Table Num(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

        public Table Num(long? value) => value is { } v ? Num(v) : Null();

        public Table Bool(bool value) => Raw(value ? "1" : "0");

        public Table Null() => Raw("NULL");

        public Table Time(DateTime value) => Raw(value.ToString("\\'yyyy-MM-dd HH:mm:ss.fff\\'", CultureInfo.InvariantCulture));

        public Table Time(DateTime? value) => value is { } v ? Time(v) : Null();

        public Table Date(DateOnly value) => Raw(value.ToString("\\'yyyy-MM-dd\\'", CultureInfo.InvariantCulture));

        public Table Date(DateOnly? value) => value is { } v ? Date(v) : Null();

        public Table Text(string? value)
        {
            if (value is null)
            {
                return Null();
            }

            Comma();
            _sql.Append('\'');
            foreach (var c in value)
            {
                if (c is '\'' or '\\')
                {
                    _sql.Append('\\');
                }

                _sql.Append(c);
            }

            _sql.Append('\'');
            return this;
        }

        internal void Send()
        {
            if (_sql.Length == 0)
            {
                return;
            }

            _sql.Append(')');
            owner.Enqueue(_sql.ToString());
            _sql.Clear();
        }

        private Table Raw(string value)
        {
            Comma();
            _sql.Append(value);
            return this;
        }

        private void Comma()
        {
            if (!_first)
            {
                _sql.Append(',');
            }

            _first = false;
        }
    }
}
