using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Demo;
using ForwardEmail.Dashboard.Web.Components;
using ForwardEmail.Dashboard.Web.Features.Health;
using ForwardEmail.Dashboard.Web.Features.Jobs;
using ForwardEmail.Dashboard.Web.Hosting;
using ForwardEmail.Dashboard.Web.Localization;
using Hangfire;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.AddDashboardDatabase();
builder.AddDemo();
builder.AddDashboardJobs();
builder.AddDashboardUi();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseRequestLocalization();
app.UseDashboardAssets();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapDashboardHealth();
app.MapCultureEndpoint();
app.MapDemo();
app.MapHangfireDashboard("/hangfire");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunWithStartupErrorsReportedAsync();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
