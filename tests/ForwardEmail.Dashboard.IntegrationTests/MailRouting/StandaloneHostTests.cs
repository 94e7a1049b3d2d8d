using System.Diagnostics;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.TestFixtures;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>
/// The mail routing host as the process an operator runs beside Postfix: its own appsettings.json, the dashboard's
/// database, answers over TCP, and a change the web host makes (another process: here the test, straight in the database)
/// applying to the next lookup, because that configuration does not cache.
/// </summary>
public sealed class StandaloneHostTests
{
    [Fact]
    public async Task The_standalone_host_answers_from_the_dashboards_database_and_sees_another_processs_change_on_the_next_lookup()
    {
        using var database = new TempSqliteDatabase();
        await using (var db = await database.CreateMigratedContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            var domain = new MailDomain
            {
                Name = "routing.example", VerificationCode = "code", VerificationState = DomainVerificationState.Verified, VerifiedAt = now,
                CreatedAt = now, UpdatedAt = now,
            };
            db.Domains.Add(domain);
            db.Aliases.Add(new Alias { Domain = domain, Name = "standalone", Recipients = ["first@example.org"], Origin = AliasOrigin.Manual, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        // The host reads appsettings.json from its working directory: the one the repository ships.
        var hostProject = Path.Combine(RepositoryRoot(), "src", "ForwardEmail.Dashboard.MailRouting.Host");
        File.Copy(Path.Combine(hostProject, "appsettings.json"), Path.Combine(database.Folder, "appsettings.json"));
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet", [HostAssembly(hostProject)])
        {
            WorkingDirectory = database.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Database__ConnectionString"] = database.ConnectionString,
                ["MailRouting__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await LoopbackPort.WaitForListenerAsync(port, TimeSpan.FromSeconds(60), () => !process.HasExited);
            await using var client = await SocketmapClient.ConnectAsync(port);

            Assert.Equal("OK routing.example", await client.AskAsync("domains routing.example"));
            Assert.Equal("OK first@example.org", await client.AskAsync("aliases standalone@routing.example"));
            Assert.Equal("NOTFOUND ", await client.AskAsync("aliases nobody@routing.example"));

            await using (var db = database.CreateContext())
            {
                var alias = await db.Aliases.SingleAsync(a => a.Name == "standalone");
                alias.Recipients = ["second@example.org"];
                await db.SaveChangesAsync();
            }

            Assert.Equal("OK second@example.org", await client.AskAsync("aliases standalone@routing.example"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        Assert.DoesNotContain("fail:", await output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await errors);
    }

    /// <summary>The host built in the same configuration as these tests: its bin/CONFIGURATION/TFM matches ours.</summary>
    private static string HostAssembly(string hostProject)
    {
        var ours = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(hostProject, "bin", ours.Parent!.Name, ours.Name, "ForwardEmail.Dashboard.MailRouting.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The mail routing host is not built where expected.", path);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ForwardEmail.Dashboard.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (ForwardEmail.Dashboard.sln) is not above " + AppContext.BaseDirectory);
    }
}
