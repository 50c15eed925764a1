using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Infrastructure.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>The key shipped in appsettings.Development.json; refused outside Development.</summary>
    public const string DevelopmentDataKey = "ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtbG9uZyE=";

    /// <summary>Base64 of 32 random bytes: the AES-256 key for personal data at rest (residents' names and phones).</summary>
    [Required(ErrorMessage = "Privacy:DataKey is required: base64 of 32 random bytes (openssl rand -base64 32), from the environment.")]
    public string DataKey { get; set; } = "";
}

/// <summary>
/// Personal data at rest (PIPL, DESIGN §7): AES-256-GCM, a fresh nonce per value, stored as nonce | tag | ciphertext.
/// Decrypt only where the reader is entitled to it, and show it masked.
/// </summary>
public sealed class PersonalData
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public PersonalData(IOptions<PrivacyOptions> options) => _key = Convert.FromBase64String(options.Value.DataKey);

    public byte[]? Encrypt(string? plain)
    {
        if (string.IsNullOrWhiteSpace(plain))
        {
            return null;
        }

        var data = Encoding.UTF8.GetBytes(plain.Trim());
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return output;
    }

    public string? Decrypt(byte[]? stored)
    {
        if (stored is null || stored.Length < NonceSize + TagSize)
        {
            return null;
        }

        var plain = new byte[stored.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(stored.AsSpan(0, NonceSize), stored.AsSpan(NonceSize + TagSize), stored.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}

public static class PrivacySetup
{
    public static IServiceCollection AddPersonalData(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateDataAnnotations()
            .Validate(o => IsKey(o.DataKey), "Privacy:DataKey must be base64 of exactly 32 bytes (openssl rand -base64 32).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>, ProductionKeyRule>();
        services.AddSingleton<PersonalData>();
        return services;
    }

    private static bool IsKey(string value)
    {
        var buffer = new byte[64];
        return Convert.TryFromBase64String(value, buffer, out var length) && length == 32;
    }

    private sealed class ProductionKeyRule(IHostEnvironment env) : IValidateOptions<PrivacyOptions>
    {
        public ValidateOptionsResult Validate(string? name, PrivacyOptions options) =>
            !env.IsDevelopment() && options.DataKey == PrivacyOptions.DevelopmentDataKey
                ? ValidateOptionsResult.Fail($"Privacy:DataKey is the development key, which is public in the repository; refusing to start in {env.EnvironmentName}. Set Privacy__DataKey (openssl rand -base64 32).")
                : ValidateOptionsResult.Success;
    }
}

/// <summary>How personal data is shown to those entitled to it: 138****1234, 张*.</summary>
public static class Masks
{
    public static string? Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return null;
        }

        var digits = phone.Trim();
        return digits.Length >= 7 ? string.Concat(digits.AsSpan(0, 3), "****", digits.AsSpan(digits.Length - 4)) : new string('*', digits.Length);
    }

    public static string? Name(string? name) =>
        string.IsNullOrEmpty(name) ? null : name.Length == 1 ? name : string.Concat(name.AsSpan(0, 1), new string('*', name.Length - 1));
}
