namespace ForwardEmail.Dashboard.Web.Hosting;

/// <summary>
/// The one check for every return URL the dashboard redirects to (sign-in, language switch, access denied): a path on
/// this site in printable ASCII, or the home page. A URL the app built itself is already percent-encoded, so anything
/// else (another host, <c>//host</c>, <c>/\host</c>, a tab, CR/LF, a non-ASCII character that a Location header cannot
/// carry) was tampered with and is not worth an error page.
/// </summary>
public static class LocalUrl
{
    public const string Home = "/";

    public static string OrHome(string? url) => IsLocal(url) ? url : Home;

    public static bool IsLocal([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        !string.IsNullOrEmpty(url)
        && url.Length <= 2048
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.All(c => c is > ' ' and < '\u007f');
}
