using System.Net;

namespace ForwardEmail.Dashboard.Core.Tests.DirectoryClient;

/// <summary>Answers by absolute URL from a table; anything else is a 404. Records every request.</summary>
internal sealed class StubDirectoryHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    public List<Uri> Requests { get; } = [];

    public StubDirectoryHandler Json(string url, byte[] body)
    {
        _routes[new Uri(url).AbsoluteUri] = () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        return this;
    }

    public StubDirectoryHandler Json(string url, string body) => Json(url, System.Text.Encoding.UTF8.GetBytes(body));

    public StubDirectoryHandler Status(string url, HttpStatusCode status)
    {
        _routes[new Uri(url).AbsoluteUri] = () => new HttpResponseMessage(status) { Content = new StringContent("text") };
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        return Task.FromResult(_routes.TryGetValue(request.RequestUri!.AbsoluteUri, out var respond)
            ? respond()
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no route") });
    }
}
