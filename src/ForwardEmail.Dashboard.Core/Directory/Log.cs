using Microsoft.Extensions.Logging;

namespace ForwardEmail.Dashboard.Core.Directory;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Directory person ~{Name} answered {StatusCode}")]
    public static partial void PersonLookedUp(ILogger logger, string name, int statusCode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Directory team ~{Team}: {People} people from {Pages} pages (total_size {TotalSize})")]
    public static partial void ParticipantsRead(ILogger logger, string team, int people, int pages, int totalSize);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Directory unavailable for {Url}: {Reason}")]
    public static partial void DirectoryUnavailable(ILogger logger, Exception? exception, string url, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Directory answered {Url} with an invalid response: {Reason}")]
    public static partial void InvalidResponse(ILogger logger, string url, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Directory team ~{Team} changed size while being read ({Before} -> {After}); reading it again")]
    public static partial void ListingChanged(ILogger logger, string team, int before, int after);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Directory retry {Attempt} in {Delay} after {Outcome}")]
    public static partial void Retrying(ILogger logger, int attempt, TimeSpan delay, string outcome);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Team listings: {Fresh} served from the snapshot, {Fetched} fetched")]
    public static partial void MembershipServed(ILogger logger, int fresh, int fetched);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "Team ~{Team} came back empty; kept the snapshot of {FetchedAt} with {MemberCount} members and flagged it suspect")]
    public static partial void EmptyListingKeptSnapshot(ILogger logger, string team, DateTimeOffset fetchedAt, int memberCount);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Error, Message = "Team ~{Team} came back empty and there is no earlier listing; flagged suspect")]
    public static partial void EmptyListingNoSnapshot(ILogger logger, string team);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Team ~{Team} could not be fetched")]
    public static partial void TeamFetchFailed(ILogger logger, Exception exception, string team);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Team mapping '{Team}' is not a valid Launchpad name; its domains are held")]
    public static partial void TeamNameInvalid(ILogger logger, string team);
}
