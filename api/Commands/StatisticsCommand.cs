using System.Globalization;
using MaShangYi.Api.Features.Statistics;

namespace MaShangYi.Api.Commands;

/// <summary>
/// <c>rebuild-statistics [--from yyyy-MM-dd] [--to yyyy-MM-dd]</c>: recomputes the rollups from the base tables (default: all
/// history to today), a day at a time, printing progress every few seconds; run again after a stop, it resumes.
/// </summary>
public static class StatisticsCommand
{
    public static async Task RunAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options)
    {
        DateOnly? from = null, to = null;
        foreach (var (key, set) in new (string, Action<DateOnly>)[] { ("from", d => from = d), ("to", d => to = d) })
        {
            if (!options.TryGetValue(key, out var text))
            {
                continue;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                await Console.Error.WriteLineAsync("usage: rebuild-statistics [--from yyyy-MM-dd] [--to yyyy-MM-dd]   (Beijing dates; default: all history to today)");
                Environment.ExitCode = 2;
                return;
            }

            set(day);
        }

        // Ctrl-C stops after the chunk under way has rolled back; running the command again resumes from there.
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var outcome = await services.GetRequiredService<StatisticsRebuild>().RunAsync(from, to, stop.Token, Console.WriteLine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Statistics rebuilt from {outcome.From:yyyy-MM-dd} to {outcome.To:yyyy-MM-dd} ({outcome.Days} days{(outcome.Resumed ? " in this run, resumed" : "")}); {outcome.OpenTasks} open tasks."));
    }
}
