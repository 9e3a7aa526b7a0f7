#!/bin/sh
# Installs what the kmsdoctor network lab (internal/lab, KMSDOCTOR_LAB=1)
# and the PostgreSQL store tests need on Debian 12, without removing, replacing or reconfiguring anything
# the machine already has. Idempotent: packages already present are left
# alone. Run as root. No service is started.
#
# Packages that would replace something are not installed: chrony conflicts
# with every other time daemon (apt would remove systemd-timesyncd), so it is
# fetched with `apt-get download` and unpacked with `dpkg-deb -x` into the
# lab's own folder ($KMSDOCTOR_LAB_PEERS, default /var/cache/kmsdoctor-lab),
# where the lab runs chronyd from. Only its libraries, which conflict with
# nothing, are installed as packages.
set -eu
PKGS="iproute2 dnsmasq-base nftables libfaketime tshark samba python3-impacket libcap2 libedit2 libgnutls30 libnettle8 libseccomp2"
# The libraries of PostgreSQL 15's server programs (the store tests run their
# own temporary cluster); the server package itself is unpacked, not
# installed, because installing it creates and starts a system cluster.
PKGS="$PKGS libicu72 libllvm14 libxml2 libxslt1.1 libldap-2.5-0 libpam0g libgssapi-krb5-2 liblz4-1 libzstd1 libssl3 libuuid1 libpq5"
PEERS=${KMSDOCTOR_LAB_PEERS:-/var/cache/kmsdoctor-lab}
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
need_chrony=1
if [ -x "$PEERS/usr/sbin/chronyd" ] || command -v chronyd >/dev/null 2>&1; then
	need_chrony=0
fi
need_pg=1
if ls /usr/lib/postgresql/*/bin/initdb "$PEERS"/usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
	need_pg=0
fi
if [ -z "$missing" ] && [ "$need_chrony" = 0 ] && [ "$need_pg" = 0 ]; then
	echo "lab-deps: all present"
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q
if [ -n "$missing" ]; then
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
	# Refuse any plan that would remove a package: print it, then install.
	# shellcheck disable=SC2086
	if apt-get -s install --no-install-recommends $missing | grep -q '^Remv '; then
		echo "lab-deps: installing$missing would remove packages; not installing" >&2
		apt-get -s install --no-install-recommends $missing | grep '^Remv ' >&2
		exit 1
	fi
	# shellcheck disable=SC2086
	apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing
fi
if [ "$need_chrony" = 1 ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q chrony)
	mkdir -p "$PEERS"
	dpkg-deb -x "$tmp"/chrony_*.deb "$PEERS"
	rm -rf "$tmp"
	echo "lab-deps: chronyd unpacked in $PEERS (not installed as a package)"
fi
if [ "$need_pg" = 1 ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q postgresql-15)
	mkdir -p "$PEERS"
	dpkg-deb -x "$tmp"/postgresql-15_*.deb "$PEERS"
	rm -rf "$tmp"
	echo "lab-deps: PostgreSQL 15 server programs unpacked in $PEERS (not installed; no cluster, no service)"
fi
