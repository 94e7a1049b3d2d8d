#!/usr/bin/env bash
# Installs the Debian packages the tests need, once, from one place (.ci/run and .ci/test.sh both call it):
# - postfix: the mail routing end-to-end tests run private Postfix instances, and the mail tests and the outbox
#   benchmark use its smtp-sink and smtp-source;
# - unbound: the real DNS server the domain checks are tested against;
# - chromium and the Noto fonts: end-to-end tests and the Arabic and Thai screenshots;
# - nodejs/npm only when npm is missing: the test OpenID Connect provider runs on Node.js 20 or later.
# Postfix is installed with "No configuration", and a temporary policy-rc.d keeps both packages from starting their
# system services (nothing binds port 25 or 53); the tests start their own instances on free loopback ports.
set -euo pipefail

missing=()
[ -x /usr/sbin/postfix ] && [ -x /usr/sbin/smtp-sink ] || missing+=(postfix)
[ -x /usr/sbin/unbound ] || missing+=(unbound)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-core fonts-noto-ui-core >/dev/null 2>&1 || missing+=(fonts-noto-core fonts-noto-ui-core)
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -gt 0 ] || exit 0

if [ "$(id -u)" != 0 ]; then
    echo "The tests need these Debian packages: sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "Installing ${missing[*]}"
apt-get update -qq
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
own_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
fi
trap '[ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
# Chromium needs its recommended packages (libraries, fonts); the servers do not.
servers=() browser=()
for package in "${missing[@]}"; do
    case "$package" in
        chromium | fonts-*) browser+=("$package") ;;
        *) servers+=("$package") ;;
    esac
done
[ ${#servers[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${servers[@]}" >/dev/null
[ ${#browser[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${browser[@]}" >/dev/null
