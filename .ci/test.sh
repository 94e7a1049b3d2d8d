#!/usr/bin/env bash
# Runs every test of the solution: build (warnings are errors), the same `dotnet publish` the Dockerfile runs,
# then unit, component, integration and end-to-end tests. End-to-end tests drive Debian's Chromium and sign in through
# an npm OpenID Connect provider; the mail tests run Postfix's smtp-sink and the domain checks Debian's unbound on loopback.
# Run as root on a fresh Debian machine, it installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/sbin/smtp-sink ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
    else
        echo "Mail tests need Postfix's smtp-sink: sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postfix" >&2
        exit 1
    fi
fi

if [ ! -x /usr/sbin/unbound ]; then
    if [ "$(id -u)" = 0 ]; then
        # Without a policy-rc.d the package would start the system resolver service on port 53; the tests start their own.
        own_policy=
        if [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
        fi
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends unbound >/dev/null
        [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
    else
        echo "Domain check tests need unbound: sudo apt-get install -y --no-install-recommends unbound" >&2
        exit 1
    fi
fi

if ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "End-to-end sign-in tests need Node.js and npm: sudo apt-get install -y nodejs npm" >&2
        exit 1
    fi
fi

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "End-to-end tests need Chromium: sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore

# The standard OpenID Connect provider (panva/oidc-provider) the end-to-end tests sign in through.
npm ci --prefix tests/oidc-provider --no-audit --no-fund --silent
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
