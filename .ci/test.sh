#!/usr/bin/env bash
# Runs every test of the solution: build (warnings are errors), the same `dotnet publish` the Dockerfile runs,
# then unit, component, integration and end-to-end tests. End-to-end tests drive Debian's Chromium and sign in through
# an npm OpenID Connect provider; the mail tests run Postfix's smtp-sink and the domain checks Debian's unbound on loopback.
# Run as root on a fresh Debian machine, it installs what is missing (.ci/install-packages.sh); otherwise it names it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-packages.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore

# The standard OpenID Connect provider (panva/oidc-provider) the end-to-end tests sign in through.
npm ci --prefix tests/oidc-provider --no-audit --no-fund --silent
# axe-core, which the accessibility end-to-end test runs in each page.
npm ci --prefix tests/accessibility --no-audit --no-fund --silent
dotnet build ForwardEmail.Dashboard.sln -c Release

# The Dockerfile's publish step; there is no Docker engine here, so this is what proves the image would build.
publish_dir=$(mktemp -d)
dotnet publish src/ForwardEmail.Dashboard.Web/ForwardEmail.Dashboard.Web.csproj -c Release -o "$publish_dir"
test -f "$publish_dir/ForwardEmail.Dashboard.Web.dll"
test -f "$publish_dir/wwwroot-assets/logo.svg"
rm -rf "$publish_dir"

# CI keeps only the end of the output, so the failed tests' names and messages are repeated last.
test_log=$(mktemp)
set +e
dotnet test ForwardEmail.Dashboard.sln -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee "$test_log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
    echo "=== Failed tests (repeated from above) ==="
    grep -E -A 25 '^\s+Failed [A-Za-z]' "$test_log" | cut -c1-300 | head -300
fi
rm -f "$test_log"
exit "$status"
