#!/bin/sh
# Installs the Debian 12 packages the kmsdoctor network lab (internal/lab,
# KMSDOCTOR_LAB=1) needs. Idempotent: packages already present are left
# alone. Run as root. No service is started (policy-rc.d stays as it is).
set -eu
PKGS="iproute2 dnsmasq-base nftables chrony libfaketime tshark samba python3-impacket"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "lab-deps: all present"
	exit 0
fi
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing
