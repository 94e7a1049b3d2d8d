using System.Net;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.IntegrationTests.Infrastructure;
using ForwardEmail.Dashboard.Web.Features.Admin.Aliases;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace ForwardEmail.Dashboard.IntegrationTests.Admin;

public sealed class AliasExportEndpointTests
{
    [Fact]
    public async Task The_export_is_not_served_to_someone_signed_out()
    {
        using var app = new DashboardAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(AliasExport.Path);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("address,domain", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_export_link_carries_the_page_filters_and_reads_back_the_same_query()
    {
        var query = new AliasQuery(Search: "press & co", DomainId: 3, State: AliasState.PendingRemoval, Origin: AliasOrigin.Manual, Sort: AliasSort.Owner, Descending: true, Page: 7);

        var url = AliasExport.Url(query);

        Assert.Equal("/admin/aliases/export.csv?search=press%20%26%20co&domain=3&state=PendingRemoval&origin=Manual&sort=Owner&desc=true", url);
        var parsed = AliasExport.Parse(new QueryCollection(QueryHelpers.ParseQuery(new Uri("http://x" + url).Query)));
        Assert.Equal(query with { Page = 0 }, parsed);
        Assert.Equal(new AliasQuery(), AliasExport.Parse(new QueryCollection(QueryHelpers.ParseQuery("?domain=-1&state=99&origin=Nope&sort=;drop"))));
    }
}
