using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Errors;
using ForwardEmail.Dashboard.Core.Provisioning;

namespace ForwardEmail.Dashboard.Core.Tests.Provisioning;

/// <summary>Step 1 of PRODUCT.md section 3: a complete user record.</summary>
public sealed class UserRecordTests
{
    [Theory]
    [InlineData("amira-h", "amira-h")]
    [InlineData("JDoe", "jdoe")]
    [InlineData("a.b+c-d", "a.b+c-d")]
    public void A_complete_record_gives_the_lowercased_alias_name(string username, string aliasName)
    {
        Assert.Null(ProvisioningService.ValidateUser(Contributor(username, "sub", "a@example.org"), out var name));
        Assert.Equal(aliasName, name);
    }

    [Theory]
    [InlineData(null, "sub", "a@example.org")]
    [InlineData("-dash", "sub", "a@example.org")]
    [InlineData("a", "sub", "a@example.org")]
    [InlineData("under_score", "sub", "a@example.org")]
    [InlineData("ok-name", "", "a@example.org")]
    [InlineData("ok-name", " ", "a@example.org")]
    [InlineData("ok-name", "sub", "not-an-email")]
    [InlineData("ok-name", "sub", "Name <a@example.org>")]
    [InlineData("ok-name", "sub", "a@localhost")]
    [InlineData("ok-name", "sub", "")]
    public void An_incomplete_record_is_invalid_user(string? username, string subject, string email)
    {
        var error = ProvisioningService.ValidateUser(Contributor(username, subject, email), out _);

        Assert.NotNull(error);
        Assert.Equal((ProvisioningErrorKind.InvalidUser, ProvisioningSteps.UserRecord, false), (error.Kind, error.Step, error.IsTransient));
    }

    private static Contributor Contributor(string? username, string subject, string email) =>
        new() { Id = 1, Username = username, Subject = subject, Email = email };
}
