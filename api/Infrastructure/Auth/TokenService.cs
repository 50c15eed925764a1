using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Text;
using MaShangYi.Api.Infrastructure.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using MaShangYi.Api.Infrastructure.Time;

namespace MaShangYi.Api.Infrastructure.Auth;

/// <summary>Issues our own access tokens (JWT) and opaque refresh tokens; the database keeps only refresh-token hashes.</summary>
public sealed class TokenService(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JwtOptions _jwt = options.Value;
    private readonly SigningCredentials _credentials = new(
        new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Value.SigningKey)), SecurityAlgorithms.HmacSha256);

    public TimeSpan AccessTokenLifetime => TimeSpan.FromMinutes(_jwt.AccessTokenMinutes);

    public TimeSpan RefreshTokenLifetime => TimeSpan.FromDays(_jwt.RefreshTokenDays);

    public string CreateAccessToken(long userId)
    {
        var now = clock.StoredNow();
        var token = new JwtSecurityToken(
            issuer: _jwt.Issuer,
            audience: _jwt.Audience,
            claims: [new("sub", userId.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            notBefore: now,
            expires: now.Add(AccessTokenLifetime),
            signingCredentials: _credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public static string CreateRefreshToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string refreshToken) => SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken));
}
