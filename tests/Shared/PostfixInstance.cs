using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ForwardEmail.Dashboard.TestFixtures;

/// <summary>
/// A private Postfix instance (Debian package <c>postfix</c>; <c>.ci/run</c> installs it): its own configuration,
/// queue and data directories and log file under a temporary folder, smtpd on a free loopback port, nothing in chroot,
/// no local delivery, everything relayed to one loopback SMTP server (e.g. Postfix's smtp-sink). The system's Postfix
/// (if any) is neither needed nor touched; Postfix's own programs and <c>/etc/postfix/dynamicmaps.cf</c> are only read.
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    public const string Program = "/usr/sbin/postfix";

    private PostfixInstance(string folder, int smtpPort)
    {
        Folder = folder;
        SmtpPort = smtpPort;
    }

    public string Folder { get; }
    public string ConfigDirectory => Path.Combine(Folder, "etc");
    public string LogFile => Path.Combine(Folder, "maillog");
    public int SmtpPort { get; }

    /// <param name="mainCf">Extra <c>main.cf</c> lines, e.g. <c>virtual_alias_maps = …</c>.</param>
    public static async Task<PostfixInstance> StartAsync(int relayPort, IEnumerable<string> mainCf)
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: apt-get install postfix (bash .ci/run does).");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("A private Postfix instance must be started as root (its daemons drop to the postfix user).");
        }

        var folder = Path.Combine(Path.GetTempPath(), "fed-postfix", Guid.NewGuid().ToString("N"));
        var instance = new PostfixInstance(folder, LoopbackPort.Free());
        Directory.CreateDirectory(instance.ConfigDirectory);
        await File.WriteAllLinesAsync(Path.Combine(instance.ConfigDirectory, "main.cf"), [.. instance.MainCf(relayPort), .. mainCf]);
        await File.WriteAllLinesAsync(Path.Combine(instance.ConfigDirectory, "master.cf"), instance.MasterCf());
        Directory.CreateDirectory(Path.Combine(folder, "queue"));
        // Creates the queue's subdirectories with the owners and modes Postfix insists on.
        await instance.RunAsync("check");
        await instance.RunAsync("start");
        await LoopbackPort.WaitForListenerAsync(instance.SmtpPort, TimeSpan.FromSeconds(20));
        return instance;
    }

    private IEnumerable<string> MainCf(int relayPort) =>
    [
        "compatibility_level = 3.6",
        $"queue_directory = {Folder}/queue",
        $"data_directory = {Folder}/data",
        $"maillog_file = {LogFile}",
        // The log file may only be written below these prefixes (default /var): here, the instance's own folder.
        $"maillog_file_prefixes = {Folder}",
        "syslog_name = postfix-fed-test",
        "inet_interfaces = 127.0.0.1",
        "inet_protocols = ipv4",
        "myhostname = mx.fed-test.invalid",
        "mydomain = fed-test.invalid",
        "myorigin = $myhostname",
        "mydestination =",
        "mynetworks = 127.0.0.0/8",
        "relay_domains =",
        "local_recipient_maps =",
        "alias_maps =",
        "alias_database =",
        "biff = no",
        "smtputf8_enable = no",
        "append_dot_mydomain = no",
        $"relayhost = [127.0.0.1]:{relayPort.ToString(CultureInfo.InvariantCulture)}",
        "smtp_tls_security_level = none",
        "smtpd_tls_security_level = none",
        "notify_classes =",
        // Deliver at once and retry soon: a test waits for the sink, not for Postfix's back-off.
        "queue_run_delay = 1s",
        "minimal_backoff_time = 1s",
        "maximal_backoff_time = 2s",
        "smtp_connect_timeout = 5s",
    ];

    private IEnumerable<string> MasterCf() =>
    [
        $"127.0.0.1:{SmtpPort.ToString(CultureInfo.InvariantCulture)} inet n - n - - smtpd",
        "pickup    unix  n - n 60   1 pickup",
        "cleanup   unix  n - n -    0 cleanup",
        "qmgr      unix  n - n 300  1 qmgr",
        "rewrite   unix  - - n -    - trivial-rewrite",
        "bounce    unix  - - n -    0 bounce",
        "defer     unix  - - n -    0 bounce",
        "trace     unix  - - n -    0 bounce",
        "verify    unix  - - n -    1 verify",
        "flush     unix  n - n 1000? 0 flush",
        "proxymap  unix  - - n -    - proxymap",
        "smtp      unix  - - n -    - smtp",
        "relay     unix  - - n -    - smtp",
        "showq     unix  n - n -    - showq",
        "error     unix  - - n -    - error",
        "retry     unix  - - n -    - error",
        "discard   unix  - - n -    - discard",
        "anvil     unix  - - n -    1 anvil",
        "scache    unix  - - n -    1 scache",
        "postlog   unix-dgram n - n - 1 postlogd",
    ];

    /// <summary>The log so far, for assertion messages.</summary>
    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    private async Task RunAsync(string command)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigDirectory);
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postfix {command} failed ({process.ExitCode}): {await output}{await error}\n{Log()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("stop");
        }
        catch (InvalidOperationException)
        {
            // Not running (a failed start): nothing to stop.
        }

        // master exits shortly after "stop" returns (its pid file stays behind); wait so the folder can go.
        var pidFile = Path.Combine(Folder, "queue", "pid", "master.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
            {
                await Task.Delay(100);
            }
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it.
        }
    }
}
