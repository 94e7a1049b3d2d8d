using System.Text;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.MailRouting;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.IntegrationTests.MailRouting;

/// <summary>One socketmap server over a real SQLite database for the whole class; the tests only read.</summary>
public sealed class SocketmapFixture : IAsyncLifetime
{
    public ProvisioningTestHost Host { get; private set; } = null!;

    public int Port => Host.Port();

    public async Task InitializeAsync()
    {
        Host = await MailRoutingTestHost.StartAsync();
        await Host.AddAliasAsync("amira-h", "ubuntu.com", enabled: true, "amira@example.org");
        await Host.AddAliasAsync("council", "ubuntu.com", enabled: true, "one@example.org", "two@example.net");
        await Host.AddAliasAsync("gone", "ubuntu.com", enabled: false, "gone@example.org");
        await Host.AddAliasAsync("amira-h", "kubuntu.org", enabled: true, "amira@example.org");

        // 5,000 recipients of 24 bytes: a reply of about 125,000 bytes, over what Postfix accepts.
        await Host.AddAliasAsync("everyone", "ubuntu.com", enabled: true, [.. Enumerable.Range(0, 5_000).Select(i => $"member{i:D5}@example.org")]);
        await Host.WithDbAsync(async db =>
        {
            // A disabled domain and a never verified one: neither is ours to route, whatever aliases they hold.
            var kubuntu = await db.Domains.SingleAsync(d => d.Name == "kubuntu.org");
            kubuntu.IsEnabled = false;
            var lubuntu = await db.Domains.SingleAsync(d => d.Name == "lubuntu.me");
            lubuntu.VerificationState = DomainVerificationState.Pending;
            await db.SaveChangesAsync();
        });
        Host.Services.GetRequiredService<MailRoutingCache>().Invalidate();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The socketmap protocol over real loopback sockets (issue 16): framing, odd keys, malformed input.</summary>
public sealed class SocketmapProtocolTests(SocketmapFixture fixture) : IClassFixture<SocketmapFixture>
{
    [Fact]
    public async Task Enabled_alias_resolves_to_its_recipients_comma_separated()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));
        Assert.Equal("OK one@example.org,two@example.net", await client.AskAsync("aliases council@ubuntu.com"));
    }

    [Theory]
    [InlineData("aliases gone@ubuntu.com")]              // disabled alias
    [InlineData("aliases nobody@ubuntu.com")]            // unknown address of our domain
    [InlineData("aliases amira@example.org")]            // outside our domains (Postfix looks up the forward target too)
    [InlineData("aliases amira-h@kubuntu.org")]          // an alias on a disabled domain
    [InlineData("aliases @ubuntu.com")]                  // Postfix's catch-all lookup
    [InlineData("aliases amira-h")]                      // bare local part
    [InlineData("aliases ")]                             // null sender: empty key
    [InlineData("domains example.org")]
    [InlineData("domains kubuntu.org")]                  // disabled
    [InlineData("domains lubuntu.me")]                   // not verified
    [InlineData("domains ")]
    public async Task Anything_not_an_enabled_alias_of_ours_is_not_found(string request)
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        Assert.Equal("NOTFOUND ", await client.AskAsync(request));
    }

    [Theory]
    [InlineData("aliases AMIRA-H@UBUNTU.COM")]
    [InlineData("aliases amira-h@ubuntu.com.")]
    [InlineData("aliases \"amira-h\"@ubuntu.com")]
    [InlineData("aliases \"Amira-H\"@Ubuntu.Com.")]
    public async Task Odd_but_well_formed_keys_are_folded_like_the_alias_table(string request)
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        Assert.Equal("OK amira@example.org", await client.AskAsync(request));
    }

    [Theory]
    [InlineData("UBUNTU.COM")]
    [InlineData("ubuntu.com.")]
    public async Task Our_domains_are_found_in_any_case_and_with_a_trailing_dot(string domain)
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        Assert.Equal("OK ubuntu.com", await client.AskAsync("domains " + domain));
    }

    [Fact]
    public async Task A_very_long_key_is_not_found_and_the_connection_stays_usable()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        Assert.Equal("NOTFOUND ", await client.AskAsync("aliases " + new string('a', 5_000) + "@ubuntu.com"));
        Assert.Equal("NOTFOUND ", await client.AskAsync("domains " + new string('b', 5_000) + ".com"));
        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));
    }

    [Fact]
    public async Task An_unknown_map_name_is_a_permanent_error_but_keeps_the_connection()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        Assert.StartsWith("PERM ", await client.AskAsync("virtual amira-h@ubuntu.com"), StringComparison.Ordinal);
        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));
    }

    [Fact]
    public async Task An_answer_over_the_100000_byte_limit_is_replaced_by_a_permanent_error_and_the_connection_stays_usable()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        Assert.Equal("PERM reply too long", await client.AskAsync("aliases everyone@ubuntu.com"));
        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);
        var requests = Enumerable.Range(0, 60).Select(i => (i % 3) switch
        {
            0 => ("aliases amira-h@ubuntu.com", "OK amira@example.org"),
            1 => ($"aliases nobody{i}@ubuntu.com", "NOTFOUND "),
            _ => ("domains ubuntu.com", "OK ubuntu.com"),
        }).ToList();

        await client.SendAsync(requests.SelectMany(r => SocketmapClient.Encode(r.Item1)).ToArray());

        foreach (var (_, expected) in requests)
        {
            Assert.Equal(expected, await client.ReadReplyAsync());
        }
    }

    [Fact]
    public async Task A_request_split_byte_by_byte_is_answered_once_complete()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        foreach (var b in SocketmapClient.Encode("aliases council@ubuntu.com"))
        {
            await client.SendAsync([b]);
            await Task.Delay(2);
        }

        Assert.Equal("OK one@example.org,two@example.net", await client.ReadReplyAsync());
        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));
    }

    [Fact]
    public async Task A_client_leaving_mid_request_does_not_disturb_the_server()
    {
        var before = fixture.Host.Statistics().ProtocolErrors;
        for (var i = 0; i < 5; i++)
        {
            await using var leaving = await SocketmapClient.ConnectAsync(fixture.Port);
            await leaving.SendAsync("26:aliases amira");
        }

        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);
        Assert.Equal("OK amira@example.org", await client.AskAsync("aliases amira-h@ubuntu.com"));
        Assert.Equal(before, fixture.Host.Statistics().ProtocolErrors);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);
        Assert.Equal("OK ubuntu.com", await client.AskAsync("domains ubuntu.com"));

        var started = DateTime.UtcNow;
        Assert.True(await client.IsClosedByServerAsync());
        Assert.InRange(DateTime.UtcNow - started, MailRoutingTestHost.IdleTimeout - TimeSpan.FromMilliseconds(200), SocketmapClient.ReadTimeout);
    }

    [Fact]
    public async Task A_request_trickling_in_is_cut_off_at_the_request_timeout()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);
        await client.SendAsync("26:aliases amira");
        var started = DateTime.UtcNow;

        // A byte every half second keeps the connection from being idle, but the request never completes.
        var closed = client.IsClosedByServerAsync();
        while (!closed.IsCompleted && DateTime.UtcNow - started < SocketmapClient.ReadTimeout)
        {
            await Task.Delay(500);
            try
            {
                await client.SendAsync("x");
            }
            catch (IOException)
            {
                break; // Closed by the server.
            }
        }

        Assert.True(await closed);
        Assert.InRange(DateTime.UtcNow - started, MailRoutingTestHost.RequestTimeout - TimeSpan.FromMilliseconds(200), SocketmapClient.ReadTimeout);
    }

    [Theory]
    [InlineData("hello world")]                                  // garbage: no length
    [InlineData("-5:aliases,")]                                  // not a digit
    [InlineData(":aliases,")]                                    // empty length
    [InlineData("024:aliases amira-h@ubuntu.com,")]              // leading zero (netstrings forbid them)
    [InlineData("24:aliases amira-h@ubuntu.com;")]               // missing comma
    [InlineData("10001:")]                                       // over MailRouting:MaxRequestLength, refused before the data
    [InlineData("99999999999999999999:")]                        // would overflow
    [InlineData("7:aliases,")]                                   // no space between name and key
    public async Task A_malformed_request_gets_PERM_and_the_connection_is_closed(string raw)
    {
        var before = fixture.Host.Statistics().ProtocolErrors;
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        await client.SendAsync(raw);

        Assert.StartsWith("PERM ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(before + 1, fixture.Host.Statistics().ProtocolErrors);
    }

    [Fact]
    public async Task Requests_before_a_malformed_one_are_still_answered()
    {
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        await client.SendAsync([.. SocketmapClient.Encode("aliases amira-h@ubuntu.com"), .. Encoding.ASCII.GetBytes("x:")]);

        Assert.Equal("OK amira@example.org", await client.ReadReplyAsync());
        Assert.StartsWith("PERM ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Hits_and_misses_of_our_domains_are_counted()
    {
        var statistics = fixture.Host.Statistics();
        var (hits, misses, foreign) = (statistics.Count(LookupOutcome.Hit), statistics.Count(LookupOutcome.Miss), statistics.Count(LookupOutcome.Foreign));
        await using var client = await SocketmapClient.ConnectAsync(fixture.Port);

        await client.AskAsync("aliases amira-h@ubuntu.com");
        await client.AskAsync("aliases nobody@ubuntu.com");
        await client.AskAsync("aliases gone@ubuntu.com");
        await client.AskAsync("aliases someone@example.org");

        Assert.Equal((hits + 1, misses + 2, foreign + 1),
            (statistics.Count(LookupOutcome.Hit), statistics.Count(LookupOutcome.Miss), statistics.Count(LookupOutcome.Foreign)));
    }
}
