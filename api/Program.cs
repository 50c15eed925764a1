using MaShangYi.Api.Commands;
using MaShangYi.Api.Features;
using MaShangYi.Api.Features.Auth;
using MaShangYi.Api.Features.Channels;
using MaShangYi.Api.Features.Board;
using MaShangYi.Api.Features.Codes;
using MaShangYi.Api.Features.Grants;
using MaShangYi.Api.Features.Import;
using MaShangYi.Api.Features.Invitations;
using MaShangYi.Api.Features.Landing;
using MaShangYi.Api.Features.Notifications;
using MaShangYi.Api.Features.Photos;
using MaShangYi.Api.Features.Regions;
using MaShangYi.Api.Features.Rooms;
using MaShangYi.Api.Features.Statistics;
using MaShangYi.Api.Features.Topics;
using MaShangYi.Api.Features.WebConsole;
using MaShangYi.Api.Features.WeChatPush;
using MaShangYi.Api.Infrastructure.Auth;
using MaShangYi.Api.Infrastructure.Caching;
using MaShangYi.Api.Infrastructure.Compression;
using MaShangYi.Api.Infrastructure.ConsoleApp;
using MaShangYi.Api.Infrastructure.Database;
using MaShangYi.Api.Infrastructure.Errors;
using MaShangYi.Api.Infrastructure.Json;
using MaShangYi.Api.Infrastructure.Limits;
using MaShangYi.Api.Infrastructure.OpenApi;
using MaShangYi.Api.Infrastructure.Options;
using MaShangYi.Api.Infrastructure.Outbox;
using MaShangYi.Api.Infrastructure.Privacy;
using MaShangYi.Api.Infrastructure.Routing;
using MaShangYi.Api.Infrastructure.Proxies;
using MaShangYi.Api.Infrastructure.Storage;
using MaShangYi.Api.Infrastructure.Validation;
using MaShangYi.Api.Infrastructure.WeChat;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAppOptions();
builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddApiJson();
builder.Services.AddApiProblemDetails();
builder.Services.AddApiValidation();
builder.Services.AddApiAuth();
builder.Services.AddPersonalData();
builder.Services.AddWeChat(builder.Configuration);
builder.Services.AddPhotoStore(builder.Configuration);
builder.Services.AddOutbox(builder.Configuration);
builder.Services.AddApiDocs();
builder.Services.AddProxyHeaders();
builder.Services.AddRequestLimits();
builder.Services.AddApiRateLimits(builder.Configuration);
builder.Services.AddPublicCaching();
builder.Services.AddNotifications();
builder.Services.AddPhotos();
builder.Services.AddFeatureServices();

var app = builder.Build();

app.MigrateDatabase();
if (await AdminCommands.TryRunAsync(app, args))
{
    return;
}

app.UseHeadAsGet();
app.UseWorkThatOutlivesItsClient();
app.UseProxyHeaders();
app.UseApiProblemDetails();
app.UseRequestLimits();
app.UseApiDocs();
app.UseConsoleFiles();
app.UseAnswerCompression();
app.UseApiAuthentication();
app.UseRateLimiter();
app.UsePublicCaching();
app.UseAuthorization();

app.MapAuthEndpoints();
app.MapWebConsoleEndpoints();
app.MapLandingEndpoints();
app.MapRegionEndpoints();
app.MapRoomEndpoints();
app.MapGrantEndpoints();
app.MapInvitationEndpoints();
app.MapImportEndpoints();
app.MapCodeEndpoints();
app.MapTopicEndpoints();
app.MapPhotoEndpoints();
app.MapChannelEndpoints();
app.MapOpen311Endpoints();
app.MapNotificationEndpoints();
app.MapStatisticsEndpoints();
app.MapBoardEndpoints();
app.MapWeChatPushEndpoints();
app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();

await app.RunAsync();
