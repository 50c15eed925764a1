using System.Globalization;
using MaShangYi.Api.Features.Statistics;

namespace MaShangYi.Api.Commands;

/// <summary><c>rebuild-statistics [--from yyyy-MM-dd] [--to yyyy-MM-dd]</c>: recomputes the rollups from the base tables (default: all history to today).</summary>
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

        var outcome = await services.GetRequiredService<StatisticsRebuild>().RunAsync(from, to, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Statistics rebuilt from {outcome.From:yyyy-MM-dd} to {outcome.To:yyyy-MM-dd} ({outcome.Months} months); {outcome.OpenTasks} open tasks."));
    }
}
