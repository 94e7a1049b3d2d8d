using ForwardEmail.Dashboard.Core.Data;
using ForwardEmail.Dashboard.Core.MailRouting;
using Microsoft.Extensions.Hosting;

// The mail routing lookup service on its own, to run beside Postfix on a mail server (docs/mail-routing.md). It reads
// the dashboard's database; changes made by the web host reach it after at most MailRouting:CacheLifetime.
var builder = Host.CreateApplicationBuilder(args);
builder.AddDashboardDatabase();
builder.AddMailRouting();
using var host = builder.Build();
await host.RunAsync();
