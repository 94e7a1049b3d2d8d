using System.Diagnostics;

namespace ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

/// <summary>The built dashboard as its own process, for start-up behaviour that ends the process (exit codes, stderr).</summary>
public static class DashboardProcess
{
    /// <summary>Starts the dashboard on a fresh SQLite file with <paramref name="variables"/> and waits (60 s at most) for it to exit.</summary>
    public static async Task<(int ExitCode, string Stderr)> RunToExitAsync(string environment, IReadOnlyDictionary<string, string> variables)
    {
        using var database = new TempSqliteDatabase();
        var dashboard = Path.Combine(AppContext.BaseDirectory, "ForwardEmail.Dashboard.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dashboard, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = database.Folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = environment,
                ["Database__ConnectionString"] = database.ConnectionString,
            },
        };
        foreach (var (key, value) in variables)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stderr);
    }
}
