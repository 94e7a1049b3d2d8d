using System.Diagnostics;

namespace ForwardEmail.Dashboard.TestFixtures;

/// <summary>
/// A real DNS server for tests: Debian's unbound on a free loopback port, serving the zone <c>test.</c> from local data
/// the test changes while it runs (through <c>unbound-control</c>, no restart), and <c>silent.test.</c>, whose queries
/// it drops without an answer (a name server that does not answer). Nothing outside its temporary folder is touched.
/// </summary>
public sealed class UnboundDnsServer : IAsyncDisposable
{
    public const string Zone = "test";
    public const string SilentZone = "silent.test";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fed-unbound", Guid.NewGuid().ToString("N"));
    private readonly string _config;
    private readonly Process _process;

    private UnboundDnsServer()
    {
        Directory.CreateDirectory(_folder);
        Port = LoopbackPort.Free();
        var controlPort = LoopbackPort.Free();
        _config = Path.Combine(_folder, "unbound.conf");
        File.WriteAllText(_config, $$"""
            server:
              interface: 127.0.0.1
              port: {{Port}}
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "{{_folder}}"
              pidfile: ""
              use-syslog: no
              logfile: ""
              verbosity: 0
              do-ip6: no
              access-control: 127.0.0.0/8 allow
              module-config: "iterator"
              local-zone: "{{Zone}}." static
              local-zone: "{{SilentZone}}." deny
            remote-control:
              control-enable: yes
              control-use-cert: no
              control-interface: 127.0.0.1
              control-port: {{controlPort}}
            """);
        _process = Process.Start(new ProcessStartInfo(Binary("unbound"), ["-d", "-c", _config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("unbound did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public int Port { get; }

    /// <summary>The <c>Dns:NameServers</c> entry for this server.</summary>
    public string NameServer => $"127.0.0.1:{Port}";

    public static async Task<UnboundDnsServer> StartAsync()
    {
        var server = new UnboundDnsServer();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await server.ControlAsync(["status"], throwOnError: false) != 0)
        {
            if (server._process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("unbound did not come up (apt-get install unbound; .ci/run does).");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Replaces every record of <paramref name="name"/> with <paramref name="records"/> (e.g. <c>TXT "v=spf1 -all"</c>, <c>MX 10 mx1.example.org.</c>).</summary>
    public async Task SetAsync(string name, params string[] records)
    {
        await ControlAsync(["local_data_remove", name + "."]);
        foreach (var record in records)
        {
            await ControlAsync(["local_data", $"{name}. 60 IN {record}"]);
        }
    }

    public Task RemoveAsync(string name) => ControlAsync(["local_data_remove", name + "."]);

    private async Task<int> ControlAsync(string[] arguments, bool throwOnError = true)
    {
        using var control = Process.Start(new ProcessStartInfo(Binary("unbound-control"), ["-c", _config, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var output = await control.StandardOutput.ReadToEndAsync();
        var error = await control.StandardError.ReadToEndAsync();
        await control.WaitForExitAsync();
        if (throwOnError && control.ExitCode != 0)
        {
            throw new InvalidOperationException($"unbound-control {string.Join(' ', arguments)} failed: {output}{error}");
        }

        return control.ExitCode;
    }

    private static string Binary(string name) => File.Exists("/usr/sbin/" + name) ? "/usr/sbin/" + name : name;


    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }
    }
}
