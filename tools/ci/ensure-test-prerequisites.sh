#!/usr/bin/env bash
# Installs what the tests need beyond npm packages, only when missing (safe to repeat):
# - Debian packages: vsftpd and openssh-server (real FTP and SFTP servers), nats-server (the
#   fleet's JetStream cluster), openssl (the FTPS server's test certificate), chromium (browser
#   tests), prometheus (promtool checks /metrics and the shipped alerting rules) and
#   prometheus-alertmanager (a real Alertmanager receiving the API's alerts);
# - the js-ipfs daemon used as a Kubo RPC peer, kept in its own folder (tools/testbed/js-ipfs).
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
[ -x /usr/sbin/vsftpd ] || need+=(vsftpd)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
[ -x /usr/sbin/nats-server ] || need+=(nats-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need these Debian packages: ${need[*]}. Install them as root: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages for the test servers: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -x tools/testbed/js-ipfs/node_modules/.bin/jsipfs ]; then
  echo "Installing the js-ipfs test daemon (tools/testbed/js-ipfs, about 1,000 packages)"
  # npm install, not npm ci: the lock names optional packages (such as `headless`)
  # that the registry mirror lacks; npm ci refuses such a lock, npm install skips them
  # and installs the locked versions of everything else.
  npm install --prefix tools/testbed/js-ipfs --no-audit --no-fund --loglevel=error
fi
