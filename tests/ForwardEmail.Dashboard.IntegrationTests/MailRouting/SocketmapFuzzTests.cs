using System.Net.Sockets;
using System.Text;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>
/// Random byte streams, half of them starting with well-formed requests, on several connections at once for a fixed
/// time: the server must answer only with valid netstrings (never TEMP while the database is up) or close, and still
/// answer normally afterwards.
/// </summary>
public sealed class SocketmapFuzzTests(SocketmapFixture fixture) : IClassFixture<SocketmapFixture>
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);
    private static readonly string[] Statuses = ["OK ", "NOTFOUND ", "PERM "];

    [Fact]
    public async Task Random_streams_only_ever_get_valid_replies_or_a_close()
    {
        var seed = Environment.TickCount;
        var until = DateTime.UtcNow + Duration;
        var workers = Enumerable.Range(0, 4).Select(i => FuzzAsync(new Random(seed + i), until)).ToList();
        var rounds = (await Task.WhenAll(workers)).Sum();

        Assert.True(rounds > 20, $"only {rounds} fuzz rounds ran (seed {seed})");
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);
        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));
    }

    private async Task<int> FuzzAsync(Random random, DateTime until)
    {
        var rounds = 0;
        while (DateTime.UtcNow < until)
        {
            rounds++;
            await using var client = await SocketmapClient.ConnectAsync(fixture.Port);
            var stream = new List<byte>();
            var valid = random.Next(2) == 0 ? random.Next(1, 4) : 0;
            for (var i = 0; i < valid; i++)
            {
                stream.AddRange(SocketmapClient.Encode(random.Next(2) == 0 ? "aliases amira-h@ubuntu.com" : "domains " + RandomText(random)));
            }

            var garbage = new byte[random.Next(1, 200)];
            random.NextBytes(garbage);
            // Often a plausible prefix, so the parser gets past the length as well.
            if (random.Next(3) == 0)
            {
                garbage = [.. Encoding.ASCII.GetBytes(random.Next(0, 300) + ":"), .. garbage];
            }

            stream.AddRange(garbage);
            try
            {
                await client.SendAsync([.. stream]);
            }
            catch (IOException)
            {
                // The server closed after a PERM while we were still writing: allowed.
            }

            await ReadUntilClosedOrQuietAsync(client, valid);
        }

        return rounds;
    }

    /// <summary>Reads the answers to the valid requests, then whatever else comes, checking every reply's shape.</summary>
    private static async Task ReadUntilClosedOrQuietAsync(SocketmapClient client, int valid)
    {
        for (var i = 0; ; i++)
        {
            string? reply;
            try
            {
                reply = i < valid ? await client.ReadReplyAsync() : await QuietReadAsync(client);
            }
            catch (IOException)
            {
                return; // Reset by the server after its PERM.
            }
            catch (SocketException)
            {
                return;
            }

            if (reply is null)
            {
                return;
            }

            Assert.Contains(Statuses, s => reply.StartsWith(s, StringComparison.Ordinal));
        }
    }

    /// <summary>After the valid answers the server may wait for more bytes of an incomplete request; that is fine too.</summary>
    private static async Task<string?> QuietReadAsync(SocketmapClient client)
    {
        var read = client.ReadReplyAsync();
        var winner = await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(300)));
        return winner == read ? await read : null;
    }

    private static string RandomText(Random random) =>
        new([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(0x20, 0x7f))]);
}
