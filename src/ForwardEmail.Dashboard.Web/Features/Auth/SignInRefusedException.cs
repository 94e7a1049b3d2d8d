namespace ForwardEmail.Dashboard.Web.Features.Auth;

/// <summary>Carries why a sign-in was refused from the token handler to the sign-in-failed page.</summary>
public sealed class SignInRefusedException(SignInRefusal refusal)
    : Exception($"The sign-in was refused: {refusal}.")
{
    public SignInRefusal Refusal { get; } = refusal;
}
