using System.Globalization;
using System.Security.Claims;
using Bunit;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;
using ForwardEmail.Dashboard.Web.Features.Auth;
using ForwardEmail.Dashboard.Web.Features.Support.RemovalReviews;
using ForwardEmail.Dashboard.Web.Tests.Features.MyAddresses;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Support;

/// <summary>The removal reviews page with the real review service over in-memory SQLite: what is shown is what is decided.</summary>
public sealed class RemovalReviewsPageTests() : MyAddressesTestContext("en", ErrorLogPageTests.AddSupportDesk)
{
    // Reviews expire, so a held one is dated now (in UTC, as the page shows it).
    private static readonly DateTimeOffset HeldAt = DateTimeOffset.UtcNow;

    private async Task<Contributor> SignInAdminAsync()
    {
        var me = await SignInAsync("ada-admin", "ada@example.org");
        await using (var db = CreateDb())
        {
            db.RoleAssignments.Add(new RoleAssignment { ContributorId = me.Id, Role = DashboardRole.Admin, GrantedBy = "test", GrantedAt = Now });
            await db.SaveChangesAsync();
        }

        Authorization.SetAuthorized("ada-admin").SetRoles(nameof(DashboardRole.Admin)).SetPolicies(DashboardPolicies.Admin, DashboardPolicies.Support).SetClaims(
            new Claim(DashboardClaimTypes.Username, "ada-admin"),
            new Claim(DashboardClaimTypes.Subject, me.Subject),
            new Claim(DashboardClaimTypes.SessionStartedAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return me;
    }

    /// <summary>A held removal of jdoe's and kwame's ubuntu.com aliases.</summary>
    private async Task<(int ReviewId, long[] AliasIds)> HoldAsync(string reason)
    {
        await using var db = CreateDb();
        var domain = db.Domains.Single(d => d.Name == "ubuntu.com");
        var people = new[] { "jdoe", "kwame" }.Select(name => new Contributor
        {
            Subject = "s-" + name, Username = name, Email = name + "@example.org", CreatedAt = Now, UpdatedAt = Now, LastSignInAt = Now,
        }).ToList();
        db.Contributors.AddRange(people);
        await db.SaveChangesAsync();
        var aliases = people.Select(p => new Alias { DomainId = domain.Id, Name = p.Username!, OwnerId = p.Id, Recipients = [p.Email!], CreatedAt = Now, UpdatedAt = Now }).ToList();
        db.Aliases.AddRange(aliases);
        await db.SaveChangesAsync();
        var ids = aliases.Select(a => a.Id).ToArray();
        var review = new RemovalReview
        {
            DomainId = domain.Id, TeamName = "ubuntumembers", Reason = reason, AffectedAliases = ids.Length, AffectedAliasIds = [.. ids],
            EnabledAliases = 3, CreatedAt = HeldAt, ExpiresAt = HeldAt.AddDays(3),
        };
        db.RemovalReviews.Add(review);
        await db.SaveChangesAsync();
        return (review.Id, ids);
    }

    private async Task<RemovalReviewStatus> StatusAsync(int reviewId)
    {
        await using var db = CreateDb();
        return (await db.RemovalReviews.SingleAsync(r => r.Id == reviewId)).Status;
    }

    [Fact]
    public async Task With_nothing_held_the_page_says_so()
    {
        await SignInAdminAsync();
        var page = Render<RemovalReviewsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=no-reviews]")));
    }

    [Fact]
    public async Task A_held_share_shows_why_and_whose_addresses_and_is_confirmed_as_shown()
    {
        await SignInAdminAsync();
        var (reviewId, _) = await HoldAsync(ReconciliationService.ShareExceededReason);

        var page = Render<RemovalReviewsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=review]")));
        Assert.Contains("more of the domain's addresses", page.Find("[data-testid=review-reason]").TextContent);
        Assert.Equal("2 of 3 enabled addresses would be disabled.", page.Find("[data-testid=review-counts]").TextContent);
        var en = CultureInfo.GetCultureInfo("en-US");
        Assert.Equal(
            $"Held {HeldAt.ToString("M/d/yyyy h:mm tt", en)} UTC; expires {HeldAt.AddDays(3).ToString("M/d/yyyy h:mm tt", en)} UTC.",
            page.Find("[data-testid=review-dates]").TextContent.Replace('\u202F', ' '));
        var rows = page.FindAll("[data-testid=review-alias]").Select(r => r.TextContent).ToList();
        Assert.Equal(["jdoe@ubuntu.com~jdoe", "kwame@ubuntu.com~kwame"], rows);

        await page.Find("[data-testid=review-confirm]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.StartsWith("Confirmed.", page.Find("[data-testid=review-message]").TextContent));
        Assert.Equal(RemovalReviewStatus.Confirmed, await StatusAsync(reviewId));
        Assert.Empty(page.FindAll("[data-testid=review-confirm]"));
    }

    [Fact]
    public async Task A_review_that_changed_after_it_was_shown_is_not_confirmed()
    {
        await SignInAdminAsync();
        var (reviewId, ids) = await HoldAsync(ReconciliationService.ShareExceededReason);
        var page = Render<RemovalReviewsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=review-confirm]")));

        // Another reconciliation widened the review while the page was open (no change published to this page).
        await using (var db = CreateDb())
        {
            var review = await db.RemovalReviews.SingleAsync(r => r.Id == reviewId);
            review.AffectedAliasIds = [.. ids, ids.Max() + 1000];
            review.AffectedAliases = 3;
            await db.SaveChangesAsync();
        }

        await page.Find("[data-testid=review-confirm]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.StartsWith("The review changed", page.Find("[data-testid=review-message]").TextContent));
        Assert.Equal(RemovalReviewStatus.Pending, await StatusAsync(reviewId));
    }

    [Fact]
    public async Task An_empty_listing_offers_only_dismiss_and_dismissing_disables_nobody()
    {
        await SignInAdminAsync();
        var (reviewId, _) = await HoldAsync(ReconciliationService.EmptyListingReason);
        var page = Render<RemovalReviewsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=review-dismiss]")));
        Assert.Empty(page.FindAll("[data-testid=review-confirm]"));

        await page.Find("[data-testid=review-dismiss]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.StartsWith("Dismissed.", page.Find("[data-testid=review-message]").TextContent));
        Assert.Equal(RemovalReviewStatus.Dismissed, await StatusAsync(reviewId));
        await using var db = CreateDb();
        Assert.All(await db.Aliases.ToListAsync(), a => Assert.True(a.IsEnabled));
    }
}
