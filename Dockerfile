# syntax=docker/dockerfile:1
# Build: docker build -t forwardemail-dashboard .
# Run:   docker run -p 8080:8080 -e Database__Provider=SqlServer -e Database__ConnectionString="Server=...;Database=ForwardEmailDashboard;User Id=...;Password=...;TrustServerCertificate=True" \
#          -e Jobs__Storage=SqlServer -e Authentication__Oidc__Authority=https://login.example.org/ -e Authentication__Oidc__ClientId=... \
#          -e Authentication__Oidc__ClientSecret=... -e Notifications__TeamAddress=team@example.org forwardemail-dashboard

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore first, from the project files only, so the layer is cached until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ForwardEmail.Dashboard.sln ./
COPY src/ForwardEmail.Dashboard.Core/*.csproj src/ForwardEmail.Dashboard.Core/
COPY src/ForwardEmail.Dashboard.Demo/*.csproj src/ForwardEmail.Dashboard.Demo/
COPY src/ForwardEmail.Dashboard.Migrations.Sqlite/*.csproj src/ForwardEmail.Dashboard.Migrations.Sqlite/
COPY src/ForwardEmail.Dashboard.Migrations.SqlServer/*.csproj src/ForwardEmail.Dashboard.Migrations.SqlServer/
COPY src/ForwardEmail.Dashboard.Web/*.csproj src/ForwardEmail.Dashboard.Web/
RUN dotnet restore src/ForwardEmail.Dashboard.Web/ForwardEmail.Dashboard.Web.csproj
COPY src/ src/
COPY wwwroot-assets/ wwwroot-assets/
# .ci/run runs this same command, so a broken publish fails CI even without a Docker engine.
RUN dotnet publish src/ForwardEmail.Dashboard.Web/ForwardEmail.Dashboard.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's built-in non-root user (uid 1654); SQLite data, if used, goes to a volume it owns.
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
VOLUME ["/app/data"]
ENTRYPOINT ["dotnet", "ForwardEmail.Dashboard.Web.dll"]
