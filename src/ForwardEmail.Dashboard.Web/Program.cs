using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.Directory;
using ForwardEmail.Dashboard.Core.Mail;
using ForwardEmail.Dashboard.Core.MailRouting;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Demo;
using ForwardEmail.Dashboard.Web.Components;
using ForwardEmail.Dashboard.Web.Features.Admin;
using ForwardEmail.Dashboard.Web.Features.Admin.Aliases;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Domains;
using ForwardEmail.Dashboard.Web.Features.Health;
using ForwardEmail.Dashboard.Web.Features.Jobs;
using ForwardEmail.Dashboard.Web.Features.Live;
using ForwardEmail.Dashboard.Web.Features.MyAddresses;
using ForwardEmail.Dashboard.Web.Features.Support;
using ForwardEmail.Dashboard.Web.Hosting;
using ForwardEmail.Dashboard.Web.Localization;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.AddLiveUpdates();
builder.AddDashboardDatabase();
builder.AddDirectoryClient();
builder.AddProvisioning();
builder.AddOutboxMail();
// After AddLiveUpdates: wraps its change notifier so alias and domain changes clear the routing cache.
builder.AddMailRouting();
builder.AddDemo();
builder.AddDashboardJobs();
builder.AddDashboardHealthChecks();
builder.AddDashboardUi();
builder.AddDashboardAuthentication();
builder.AddSelfService();
builder.AddDomainsConsole();
builder.AddSupportDesk();
builder.AddAdminConsole();
builder.AddSecurityHeaders();

var app = builder.Build();

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler(ErrorEndpoint.Path, createScopeForErrors: true);
    app.UseHsts();
}

app.UseRequestLocalization();
app.UseDashboardAssets();
app.UseAuthentication();
app.UseSilentProviderRoleRefresh();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapDashboardHealth();
app.MapErrorPage();
app.MapCultureEndpoint();
app.MapDemo();
app.MapAuthorizedHangfireDashboard();
app.MapDashboardAuthentication();
app.MapAliasExport();
// Our own Content-Security-Policy (UseSecurityHeaders) carries frame-ancestors; Blazor would add a second header.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).AllowAnonymousCircuitHub();

await app.RunWithStartupErrorsReportedAsync();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
