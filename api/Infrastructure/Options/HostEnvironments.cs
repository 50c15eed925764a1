namespace MaShangYi.Api.Infrastructure.Options;

/// <summary>
/// The environments named for development and tests: Development (scripts/dev.sh and the mini program's end-to-end
/// API), Testing (the test host) and Benchmark (scripts/bench). Any other name — Production, Staging, a typo — is a real
/// deployment: no simulated WeChat, no callbacks to this machine, no Swagger UI unless a setting turns it on.
/// </summary>
public static class HostEnvironments
{
    public const string Testing = "Testing";

    public const string Benchmark = "Benchmark";

    public static readonly string[] ForDevelopmentAndTests = [Environments.Development, Testing, Benchmark];

    public static bool IsForDevelopmentOrTests(this IHostEnvironment env) =>
        ForDevelopmentAndTests.Contains(env.EnvironmentName, StringComparer.OrdinalIgnoreCase);

    /// <summary>"Development, Testing or Benchmark", for start-up messages.</summary>
    public static string Names => string.Join(", ", ForDevelopmentAndTests[..^1]) + " or " + ForDevelopmentAndTests[^1];
}
