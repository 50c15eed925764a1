using System.ComponentModel.DataAnnotations;

namespace MaShangYi.Api.Infrastructure.Options;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [Required(ErrorMessage = "Database:ConnectionString is required (a MySQL 8 or MariaDB 10.11 connection string).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply db-migrations/ at start-up. Several instances may do so at once: Evolve takes a lock.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>The key shipped in appsettings.Development.json; refused outside Development.</summary>
    public const string DevelopmentSigningKey = "dev-only-signing-key-change-me-0123456789abcdef";

    [Required(ErrorMessage = "Jwt:SigningKey is required (at least 32 characters, from the environment or a secret store).")]
    [MinLength(32, ErrorMessage = "Jwt:SigningKey must be at least 32 characters.")]
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "mashangyi";

    public string Audience { get; set; } = "mashangyi-miniprogram";

    [Range(1, 1440)]
    public int AccessTokenMinutes { get; set; } = 30;

    [Range(1, 365)]
    public int RefreshTokenDays { get; set; } = 30;
}

public enum WeChatMode
{
    Simulated,
    Real,
}

public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    public WeChatMode Mode { get; set; } = WeChatMode.Simulated;

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    [Required]
    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary>The mini program page a room's code opens (no leading slash, no query).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*$", ErrorMessage = "WeChat:LandingPage must look like pages/room/index (no leading slash, no query).")]
    public string LandingPage { get; set; } = "pages/room/index";

    /// <summary>The page a console login code opens: the staff member confirms the login there.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*$", ErrorMessage = "WeChat:ConsoleLoginPage must look like pages/console-login/index (no leading slash, no query).")]
    public string ConsoleLoginPage { get; set; } = "pages/console-login/index";

    /// <summary>The page an invitation's code opens: the invitee accepts the role there.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-]+)*$", ErrorMessage = "WeChat:InvitationPage must look like pages/invitation/index (no leading slash, no query).")]
    public string InvitationPage { get; set; } = "pages/invitation/index";

    /// <summary>release, trial or develop: which version of the mini program a code opens.</summary>
    [RegularExpression("^(release|trial|develop)$", ErrorMessage = "WeChat:EnvVersion must be release, trial or develop.")]
    public string EnvVersion { get; set; } = "release";

    /// <summary>Per-attempt timeout for one WeChat call.</summary>
    [Range(1, 60)]
    public int AttemptTimeoutSeconds { get; set; } = 5;

    /// <summary>Overall budget for a WeChat call including retries.</summary>
    [Range(1, 120)]
    public int TotalTimeoutSeconds { get; set; } = 12;

    /// <summary>Simulated mode: text containing any of these is judged risky, so the content-check path can be exercised.</summary>
    public string[] SimulatedRiskyWords { get; set; } = ["测试违规词"];

    /// <summary>Simulated mode: text containing any of these is held for review.</summary>
    public string[] SimulatedReviewWords { get; set; } = ["测试待审词"];

    /// <summary>Simulated mode: how long after <c>StartMediaCheckAsync</c> the image check's verdict arrives by itself.</summary>
    [Range(0.0, 3600.0, ErrorMessage = "WeChat:SimulatedMediaCheckSeconds must be between 0 and 3600.")]
    public double SimulatedMediaCheckSeconds { get; set; } = 3;

    /// <summary>
    /// The message push Token set in the WeChat admin console (3–32 letters or digits): WeChat signs every push with it.
    /// Without it /api/wechat/push refuses everything, and image check verdicts never arrive in Real mode.
    /// </summary>
    public string PushToken { get; set; } = "";

    /// <summary>The message push EncodingAESKey (43 characters), needed for safe mode (encrypted pushes). A secret.</summary>
    public string PushEncodingAesKey { get; set; } = "";
}

public sealed class PublicOptions
{
    public const string Section = "Public";

    /// <summary>Where this API is reached from outside, used in links the service prints or returns.</summary>
    [Required]
    [Url(ErrorMessage = "Public:BaseUrl must be an absolute URL such as https://api.example.gov.cn.")]
    public string BaseUrl { get; set; } = "http://localhost:5080";
}

public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The built web console (Vite's console/dist), served at /console/. Relative to the API's binary folder.</summary>
    [Required]
    public string Folder { get; set; } = "console";

    /// <summary>A console session ends after this long without a request (sliding).</summary>
    [Range(1, 1440, ErrorMessage = "Console:IdleMinutes must be between 1 and 1440.")]
    public int IdleMinutes { get; set; } = 30;

    /// <summary>A console session ends this long after the login, however active.</summary>
    [Range(1, 72, ErrorMessage = "Console:SessionHours must be between 1 and 72.")]
    public int SessionHours { get; set; } = 12;

    /// <summary>How long a login page's code can be scanned and confirmed.</summary>
    [Range(30, 600, ErrorMessage = "Console:LoginTicketSeconds must be between 30 and 600.")]
    public int LoginTicketSeconds { get; set; } = 120;

    /// <summary>The folder as an absolute path.</summary>
    public string FolderPath => Path.GetFullPath(Folder, AppContext.BaseDirectory);
}
