using System.ComponentModel.DataAnnotations;

namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>How long a dashboard session lives and how long the identity provider's word on roles is trusted.</summary>
public sealed class DashboardSessionOptions : IValidatableObject
{
    public const string SectionName = "Authentication:Session";

    /// <summary>
    /// A session ends this long after the interactive sign-in, however active it is; silent refreshes do not extend it.
    /// Default 12 hours.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A session nobody used for this long ends (sliding). Default 8 hours; at most <see cref="AbsoluteLifetime"/>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Roles that came from the identity provider's role claim count for this long after the provider issued them.
    /// Past it, the next page load signs in again silently (<c>prompt=none</c>) to read them afresh; until that
    /// succeeds they no longer count, so a role removed at the provider stops working within this age. Default 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ProviderRoleMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Accept OpenID Connect front-channel sign-out at <c>/signout-oidc</c> (only with matching <c>iss</c> and
    /// <c>sid</c>). Default false: the endpoint answers 404.
    /// </summary>
    public bool FrontChannelSignOut { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdleTimeout > AbsoluteLifetime)
        {
            yield return new ValidationResult(
                $"{nameof(IdleTimeout)} must not be longer than {nameof(AbsoluteLifetime)}.", [nameof(IdleTimeout)]);
        }
    }
}
