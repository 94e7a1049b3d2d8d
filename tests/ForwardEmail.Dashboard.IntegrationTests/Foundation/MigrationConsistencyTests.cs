using ForwardEmail.Dashboard.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ForwardEmail.Dashboard.IntegrationTests.Foundation;

public sealed class MigrationConsistencyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Model_HasNoChangesMissingFromTheMigrations(DatabaseProvider provider)
    {
        using var db = CreateContext(provider);

        // Fails when someone edits the model and forgets `dotnet ef migrations add` for this provider.
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes without a migration: add one to ForwardEmail.Dashboard.Migrations.{provider}.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void EachProvider_ReadsItsMigrationsFromItsOwnAssembly(DatabaseProvider provider)
    {
        using var db = CreateContext(provider);

        var migrations = db.GetService<IMigrationsAssembly>();

        Assert.Equal($"ForwardEmail.Dashboard.Migrations.{provider}", migrations.Assembly.GetName().Name);
        Assert.NotEmpty(migrations.Migrations);
    }

    [Fact]
    public void SqlServerIdempotentScript_ParsesWithoutErrors()
    {
        using var db = CreateContext(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var fragment = parser.Parse(reader, out var errors);

        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message}"));
        var statements = ((TSqlScript)fragment).Batches.Sum(b => b.Statements.Count);
        Assert.True(statements > 20, $"Expected the script to hold the whole schema, got {statements} statements.");
        Assert.Contains("CREATE UNIQUE INDEX [IX_Aliases_DomainId_Name]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    private static DashboardDbContext CreateContext(DatabaseProvider provider)
    {
        var settings = new DatabaseOptions
        {
            Provider = provider,
            ConnectionString = provider == DatabaseProvider.Sqlite
                ? "Data Source=:memory:"
                : "Server=127.0.0.1,1;Database=NotUsed;User Id=sa;Password=not-used;TrustServerCertificate=True",
        };
        var options = DatabaseServiceCollectionExtensions.UseConfiguredProvider(new DbContextOptionsBuilder<DashboardDbContext>(), settings);
        return new DashboardDbContext((DbContextOptions<DashboardDbContext>)options.Options);
    }
}
