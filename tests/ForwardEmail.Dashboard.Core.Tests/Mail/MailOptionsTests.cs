using System.ComponentModel.DataAnnotations;
using ForwardEmail.Dashboard.Core.Mail;

namespace ForwardEmail.Dashboard.Core.Tests.Mail;

public sealed class MailOptionsTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("dashboard", "secret", true)]
    [InlineData("dashboard", null, false)]
    [InlineData(null, "secret", false)]
    public void SmtpCredentials_AreBothSetOrBothEmpty(string? userName, string? password, bool valid)
    {
        var options = new SmtpOptions { Host = "smtp.example.org", UserName = userName, Password = password };

        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(valid ? [] : ["UserName"], results.SelectMany(r => r.MemberNames));
    }

    [Fact]
    public void Smtp_IsUsedOnlyWithAHost()
    {
        Assert.Equal((false, false, true), (new SmtpOptions().UsesSmtp, new SmtpOptions { Host = " " }.UsesSmtp, new SmtpOptions { Host = "smtp" }.UsesSmtp));
    }

    [Fact]
    public void OutboxRetryDelay_DoublesFromTheBaseDelay_UpToTheCap()
    {
        var options = new OutboxOptions { RetryBaseDelay = TimeSpan.FromMinutes(1), RetryMaxDelay = TimeSpan.FromMinutes(10) };

        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(failed => options.RetryDelay(failed).TotalMinutes));
    }

    [Theory]
    [InlineData(7, "noreply@example.org", "outbox-7@example.org")]
    [InlineData(42, "Dashboard <dash@lists.example.net>", "outbox-42@lists.example.net")]
    [InlineData(1, "nobody", "outbox-1@localhost")]
    public void MessageId_IsDerivedFromTheRowAndTheSendersDomain(long id, string from, string expected)
    {
        Assert.Equal(expected, OutboxMail.MessageId(id, from));
    }
}
