using Bunit;
using ForwardEmail.Dashboard.Core.Live;
using ForwardEmail.Dashboard.Web.Features.MyAddresses;
using Microsoft.Extensions.DependencyInjection;

namespace ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;

/// <summary>My addresses refreshes without reload for changes to the contributor's own aliases, and only for those.</summary>
public sealed class MyAddressesLiveTests : MyAddressesTestContext
{
    [Fact]
    public async Task An_alias_change_of_the_contributor_shows_without_reload_and_is_announced_politely()
    {
        var me = await SignInAsync("amira-h", "amira@example.org");
        var page = Render<MyAddressesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=no-aliases]")));
        var notifier = Services.GetRequiredService<IDashboardChangeNotifier>();

        // Someone else's change: nothing re-read, nothing announced.
        await AddAliasAsync(me.Id, "ubuntu.com", "amira-h");
        notifier.AliasesChanged(me.Id + 1);
        // A wrongly matched change would re-read on the renderer's thread; give it the time such a re-read takes here.
        await Task.Delay(500);
        Assert.Single(page.FindAll("[data-testid=no-aliases]"));
        Assert.Equal("", page.Find("[data-testid=my-addresses-live]").TextContent);

        notifier.AliasesChanged(me.Id);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=alias-row]")));
        var live = page.Find("[data-testid=my-addresses-live]");
        Assert.Equal("polite", live.GetAttribute("aria-live"));
        Assert.Equal("Your addresses were updated.", live.TextContent);
    }
}
