using ForwardEmail.Dashboard.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Web.Tests.Infrastructure;

/// <summary>Contexts over one set of options, e.g. an open in-memory SQLite connection shared by a test.</summary>
public sealed class TestDbContextFactory(DbContextOptions<DashboardDbContext> options) : IDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext() => new(options);
}
