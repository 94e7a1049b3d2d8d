using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace ForwardEmail.Dashboard.Demo.Identity;

/// <summary>
/// The demo provider's sign-in page: one button per persona. It posts the original authorization request back to the
/// authorization endpoint with the chosen persona added, so the provider needs no session of its own.
/// </summary>
public sealed class DemoSignInPage
{
    private DemoSignInPage()
    {
    }

    private const string Styles = """
        :root { color-scheme: light; }
        body { margin: 0; font-family: system-ui, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "Noto Sans Thai", sans-serif; background: #f6f6f6; color: #1f1f1f; }
        header { background: #2c001e; color: #fff; padding-block: 1rem; padding-inline: 1.5rem; }
        header h1 { margin: 0; font-size: 1.4rem; }
        header p { margin-block: .25rem 0; opacity: .85; }
        .warning { background: #fff4e5; border-inline-start: .3rem solid #e95420; padding-block: .6rem; padding-inline: 1rem; margin: 1rem 1.5rem; }
        main { padding-inline: 1.5rem; padding-block-end: 2rem; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .9rem; list-style: none; padding: 0; margin: 0; }
        .persona { display: flex; flex-direction: column; gap: .3rem; inline-size: 100%; block-size: 100%; text-align: start; font: inherit; color: inherit;
                   background: #fff; border: 1px solid #d0d0d0; border-radius: .5rem; padding: .9rem 1rem; cursor: pointer; }
        .persona:hover, .persona:focus-visible { border-color: #e95420; box-shadow: 0 0 0 2px #e9542040; outline: none; }
        .name { font-size: 1.1rem; font-weight: 600; }
        /* The button's name is its text (WCAG 2.5.3, label in name); "Sign in as" is for screen readers only. */
        .visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        .username, .email { font-family: ui-monospace, monospace; font-size: .9rem; color: #555; }
        .story { margin-block-start: .3rem; font-size: .95rem; }
        .badges { display: flex; gap: .3rem; flex-wrap: wrap; }
        .badge { font-size: .75rem; border-radius: 1rem; padding-block: .1rem; padding-inline: .6rem; background: #eee; }
        .badge.admin { background: #2c001e; color: #fff; }
        .badge.support { background: #0e8420; color: #fff; }
        .badge.banned { background: #c7162b; color: #fff; }
        a { color: #a1330f; }
        """;

    public static string Render(IQueryCollection query, IStringLocalizer localizer)
    {
        var culture = CultureInfo.CurrentUICulture;
        var html = new StringBuilder();
        var e = HtmlEncoder.Default;
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{e.Encode(culture.Name)}" dir="{(culture.TextInfo.IsRightToLeft ? "rtl" : "ltr")}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{e.Encode(localizer["Title"])}</title><style>{Styles}</style></head>
            <body>
            <header><h1>{e.Encode(localizer["Heading"])}</h1><p>{e.Encode(localizer["Intro"])}</p></header>
            <p class="warning" role="note">{e.Encode(localizer["Warning"])}</p>
            <main>
            """);

        if (!query.ContainsKey("client_id"))
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <p>{e.Encode(localizer["NoRequest"])}</p>
                <p><a href="/account/signin">{e.Encode(localizer["StartSignIn"])}</a></p>
                """);
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <h2>{e.Encode(localizer["ChoosePersona"])}</h2>
                <form method="post" action="{DemoIdentityDefaults.AuthorizationEndpointPath}">
                """);
            foreach (var (key, values) in query.Where(q => q.Key != DemoIdentityDefaults.PersonaParameter))
            {
                foreach (var value in values)
                {
                    html.Append(CultureInfo.InvariantCulture, $"""<input type="hidden" name="{e.Encode(key)}" value="{e.Encode(value ?? string.Empty)}">""");
                }
            }

            html.Append("""<ul class="grid">""");
            foreach (var persona in DemoPersonas.Load())
            {
                html.Append(CultureInfo.InvariantCulture, $"""
                    <li><button type="submit" class="persona" name="{DemoIdentityDefaults.PersonaParameter}" value="{e.Encode(persona.Name)}"
                        data-persona="{e.Encode(persona.Name)}">
                    <span class="name"><span class="visually-hidden">{e.Encode(localizer["SignInAs"])} </span><bdi>{e.Encode(persona.DisplayName)}</bdi></span>
                    <span class="username" dir="ltr">~{e.Encode(persona.Name)}</span>
                    <span class="email" dir="ltr">{e.Encode(persona.SignIn.Email)}</span>
                    <span class="badges">{Badges(persona, localizer, e)}</span>
                    <span class="story" dir="ltr" lang="en">{e.Encode(persona.Story)}</span>
                    </button></li>
                    """);
            }

            html.Append("</ul></form>");
        }

        html.Append("</main></body></html>");
        return html.ToString();
    }

    private static string Badges(DemoPersona persona, IStringLocalizer localizer, HtmlEncoder e)
    {
        var badges = new StringBuilder();
        badges.Append(CultureInfo.InvariantCulture, $"""<span class="badge">{e.Encode(localizer["RoleContributor"])}</span>""");
        foreach (var role in persona.SignIn.Roles)
        {
            var label = role switch
            {
                DemoIdentityDefaults.AdminRole => localizer["RoleAdmin"].Value,
                DemoIdentityDefaults.SupportRole => localizer["RoleSupport"].Value,
                _ => role,
            };
            badges.Append(CultureInfo.InvariantCulture, $"""<span class="badge {e.Encode(role)}">{e.Encode(label)}</span>""");
        }

        if (persona.SignIn.Banned)
        {
            badges.Append(CultureInfo.InvariantCulture, $"""<span class="badge banned">{e.Encode(localizer["Banned"])}</span>""");
        }

        return badges.ToString();
    }
}
