using MySqlConnector;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddMySqlDataSource(builder.Configuration["Database:ConnectionString"] ?? throw new InvalidOperationException("Database:ConnectionString is required."));
var app = builder.Build();

await using (var connection = await app.Services.GetRequiredService<MySqlDataSource>().OpenConnectionAsync())
{
    await using var create = new MySqlCommand(
        "CREATE TABLE IF NOT EXISTS bench_floor (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, room_id BIGINT NOT NULL, body VARCHAR(200) NOT NULL, created_at DATETIME(3) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        connection);
    await create.ExecuteNonQueryAsync();
}

// One primary-key read: the floor for the scan landing, list and detail scenarios.
app.MapGet("/floor/read/{id:long}", async (long id, MySqlDataSource db, CancellationToken ct) =>
{
    await using var connection = await db.OpenConnectionAsync(ct);
    await using var command = new MySqlCommand("SELECT id, name, scene FROM rooms WHERE id = @id", connection);
    command.Parameters.AddWithValue("@id", id);
    await using var reader = await command.ExecuteReaderAsync(ct);
    return await reader.ReadAsync(ct)
        ? Results.Ok(new { id = reader.GetInt64(0), name = reader.GetString(1), scene = reader.GetString(2) })
        : Results.NotFound();
});

// One insert in autocommit: the floor for the submission scenario.
app.MapPost("/floor/write/{roomId:long}", async (long roomId, MySqlDataSource db, CancellationToken ct) =>
{
    await using var connection = await db.OpenConnectionAsync(ct);
    await using var command = new MySqlCommand("INSERT INTO bench_floor (room_id, body, created_at) VALUES (@roomId, '路灯不亮，晚上出行不安全', UTC_TIMESTAMP(3))", connection);
    command.Parameters.AddWithValue("@roomId", roomId);
    await command.ExecuteNonQueryAsync(ct);
    return Results.Ok(new { ok = true });
});

await app.RunAsync();
