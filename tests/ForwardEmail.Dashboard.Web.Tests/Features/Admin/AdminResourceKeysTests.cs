using System.Xml.Linq;
using ForwardEmail.Dashboard.Core.Admin;
using ForwardEmail.Dashboard.Core.Domain;
using ForwardEmail.Dashboard.Core.Provisioning;

namespace ForwardEmail.Dashboard.Web.Tests.Features.Admin;

/// <summary>The pages look messages up by enum name ("Outcome.{outcome}"): every value needs its key, or the key itself would show.</summary>
public sealed class AdminResourceKeysTests
{
    private static HashSet<string> Keys(string page) =>
        XDocument.Load(RepositoryPaths.Combine("src", "ForwardEmail.Dashboard.Web", "Features", "Admin", page + ".resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_outcome_state_and_origin_has_a_message()
    {
        var aliases = Keys("Aliases/AliasesPage");
        Assert.All(Enum.GetValues<AliasChangeOutcome>().Where(o => o != AliasChangeOutcome.Done), o => Assert.Contains($"Outcome.{o}", aliases));
        Assert.All(Enum.GetValues<AliasState>(), s => Assert.Contains($"State.{s}", aliases));
        Assert.All(Enum.GetValues<AliasOrigin>(), o => Assert.Contains($"Origin.{o}", aliases));

        var detail = Keys("Contributors/ContributorDetailPage");
        Assert.All(Enum.GetValues<ContributorChangeOutcome>().Where(o => o != ContributorChangeOutcome.Done), o => Assert.Contains($"Outcome.{o}", detail));
        Assert.All(Enum.GetValues<DomainOutcomeKind>(), k => Assert.Contains($"Kind.{k}", detail));
        Assert.All(Enum.GetValues<AliasState>(), s => Assert.Contains($"State.{s}", detail));
    }
}
