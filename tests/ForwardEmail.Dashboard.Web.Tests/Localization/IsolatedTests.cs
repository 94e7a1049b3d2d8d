using ForwardEmail.Dashboard.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ForwardEmail.Dashboard.Web.Tests.Localization;

public sealed class IsolatedTests
{
    [Fact]
    public void Each_value_is_isolated_and_escaped_while_the_sentence_keeps_its_script()
    {
        var sentence = new LocalizedString("NoteBy", "{0}، {1}:");

        var html = Isolated.Format(sentence, "<script>sam</script>", "2026-12-03 06:56Z").Value;

        Assert.Equal("<bdi>&lt;script&gt;sam&lt;/script&gt;</bdi>، <bdi>2026-12-03 06:56Z</bdi>:", html);
    }

    [Fact]
    public void Markup_in_the_sentence_itself_is_escaped_too()
    {
        Assert.Equal("&lt;b&gt;<bdi>x</bdi>", Isolated.Format(new LocalizedString("k", "<b>{0}"), "x").Value);
    }
}
