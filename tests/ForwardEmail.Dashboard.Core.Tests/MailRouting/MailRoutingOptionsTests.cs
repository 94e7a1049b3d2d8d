using System.ComponentModel.DataAnnotations;
using ForwardEmail.Dashboard.Core.MailRouting;

namespace ForwardEmail.Dashboard.Core.Tests.MailRouting;

public sealed class MailRoutingOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_off()
    {
        var options = new MailRoutingOptions();

        Assert.Empty(Validate(options));
        Assert.False(options.Enabled);
        Assert.Equal("127.0.0.1", options.ListenAddress);
    }

    [Theory]
    [InlineData("localhost", null, "ListenAddress")]
    [InlineData("localhost", "/run/fed/socketmap.sock", null)]
    public void The_listen_address_must_be_an_IP_address_unless_a_Unix_socket_is_used(string address, string? socket, string? invalid)
    {
        var results = Validate(new MailRoutingOptions { ListenAddress = address, UnixSocketPath = socket });

        Assert.Equal(invalid is null ? [] : [invalid], results.SelectMany(r => r.MemberNames));
    }

    [Fact]
    public void Out_of_range_limits_are_refused()
    {
        var results = Validate(new MailRoutingOptions { Port = 70_000, MaxConnections = 0, MaxRequestLength = 200_000, RequestTimeout = TimeSpan.Zero });

        Assert.Equal(["MaxConnections", "MaxRequestLength", "Port", "RequestTimeout"], results.SelectMany(r => r.MemberNames).Order());
    }

    private static List<ValidationResult> Validate(MailRoutingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
