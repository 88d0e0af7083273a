#!/usr/bin/env bash
# The e-mail tests start their own Dovecot IMAP server on a loopback port (tests/support/dovecot.ts); this only
# makes sure Debian's package is installed. The package's own system instance is not used by the tests.
set -euo pipefail
if ! dpkg -s dovecot-imapd >/dev/null 2>&1; then
  echo "installing dovecot-imapd"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-imapd >/dev/null
fi
