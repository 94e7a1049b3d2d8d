using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using MimeKit;

namespace ForwardEmail.Dashboard.IntegrationTests.Infrastructure;

/// <summary>
/// Postfix's <c>smtp-sink</c> (Debian package <c>postfix</c>; <c>.ci/run</c> installs it) on a free loopback port, dumping
/// every accepted message to a file of its own, which tests read back with MimeKit. It can be stopped and started again on
/// the same port, and told to refuse commands (e.g. every RCPT with a 550).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public const string Program = "/usr/sbin/smtp-sink";

    private readonly string[] _extraArguments;
    private Process? _process;

    private SmtpSink(int port, string folder, string[] extraArguments)
    {
        Port = port;
        Folder = folder;
        _extraArguments = extraArguments;
    }

    public int Port { get; }
    public string Folder { get; }
    public bool IsRunning => _process is { HasExited: false };

    /// <param name="extraArguments">More smtp-sink options, e.g. <c>-f RCPT -B "550 5.1.1 …"</c> to refuse every recipient.</param>
    public static async Task<SmtpSink> StartAsync(params string[] extraArguments)
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: apt-get install postfix (bash .ci/run does).");
        }

        var folder = Path.Combine(Path.GetTempPath(), "fed-smtp-sink", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // Run as root, smtp-sink drops to 'nobody', which must be able to write the dumps.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        }
        var sink = new SmtpSink(LoopbackPort.Free(), folder, extraArguments);
        await sink.StartAsync();
        return sink;
    }

    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true };
        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("nobody");
        }

        start.ArgumentList.Add("-d");
        start.ArgumentList.Add(Path.Combine(Folder, "mail."));
        foreach (var argument in _extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add($"127.0.0.1:{Port}");
        start.ArgumentList.Add("64");
        _process = Process.Start(start)!;
        _ = _process.StandardOutput.ReadToEndAsync();
        _ = _process.StandardError.ReadToEndAsync();

        var process = _process;
        await LoopbackPort.WaitForListenerAsync(Port, TimeSpan.FromSeconds(10), () => !process.HasExited);
    }

    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Forgets what was received so far.</summary>
    public void Clear()
    {
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Every message received, with the envelope recipients smtp-sink recorded (<c>X-Rcpt-Args</c>). smtp-sink writes a
    /// dump while its transaction runs, so a file it still holds open is a message still arriving (a test polling for
    /// mail that Postfix relays would otherwise read half a message) and is left out until it is closed.
    /// </summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        // Listed before the open files are read: a dump created in between is not listed, one closed in between is whole.
        var files = Directory.EnumerateFiles(Folder).Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList();
        var open = OpenFiles();
        return [.. files.Where(file => !open.Contains(file)).Select(ReceivedMail.Load)];
    }

    private HashSet<string> OpenFiles()
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        if (_process is not { HasExited: false } process)
        {
            return open;
        }

        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{process.Id}/fd"))
            {
                try
                {
                    if (new FileInfo(descriptor).LinkTarget is { } target)
                    {
                        open.Add(target);
                    }
                }
                catch (IOException)
                {
                    // Closed while listed: nothing held open there.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The sink exited meanwhile: every dump is closed.
        }

        return open;
    }


    public async ValueTask DisposeAsync()
    {
        await StopAsync();
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

/// <summary>One message as the sink stored it.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> EnvelopeRecipients, MimeMessage Message)
{
    public static ReceivedMail Load(string path)
    {
        var message = MimeMessage.Load(path);
        var recipients = message.Headers.Where(h => h.Field == "X-Rcpt-Args").Select(h => h.Value.Trim().Trim('<', '>')).ToList();
        return new ReceivedMail(recipients, message);
    }
}

/// <summary>One accepting sink per test class.</summary>
public sealed class SmtpSinkFixture : IAsyncLifetime
{
    public SmtpSink Sink { get; private set; } = null!;

    public async Task InitializeAsync() => Sink = await SmtpSink.StartAsync();

    public async Task DisposeAsync() => await Sink.DisposeAsync();
}

/// <summary>One sink per test class that refuses every recipient with a permanent 550.</summary>
public sealed class RejectingSmtpSinkFixture : IAsyncLifetime
{
    public const string Answer = "550 5.1.1 Recipient address rejected: User unknown";

    public SmtpSink Sink { get; private set; } = null!;

    public async Task InitializeAsync() => Sink = await SmtpSink.StartAsync("-f", "RCPT", "-B", Answer);

    public async Task DisposeAsync() => await Sink.DisposeAsync();
}
