#!/bin/sh
# Builds a local STAND-IN for the official `postgres:15.18-alpine` image, for machines where a Docker
# engine can run but no image registry is reachable. It is NOT the official image: it is Debian 12's
# PostgreSQL 15.18 (/usr/lib/postgresql/15, package postgresql-15) plus the shared libraries `ldd`
# reports, a few host tools, and a small entrypoint; packed as a rootfs tarball and `docker import`ed.
#
# It does what testcontainers 11's PostgreSqlContainer relies on:
#   - POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB are honoured (initdb + single-user CREATE DATABASE);
#   - PGDATA=/var/lib/postgresql/data (the provider mounts a tmpfs there), server on 0.0.0.0:5432,
#     host connections with scram-sha-256, local ones trusted;
#   - its health check `PGPASSWORD=.. pg_isready --host localhost ..` (CMD-SHELL: /bin/sh + pg_isready on PATH);
#   - its internal port check (`cat /proc/net/tcp* | awk | grep`, or bash's /dev/tcp);
#   - a command starting with `postgres` (the provider passes `postgres -c fsync=off ...`).
#
# Usage (as root, with dockerd running):  scripts/docker-standin-image.sh [tag]
#   tag defaults to the image pinned in src/server/docker-provider.ts (POSTGRES_IMAGE).
# Engine used for the README's check: apt-get install -y docker.io; dockerd --storage-driver vfs (keep its default
# bridge and iptables: the provider publishes 5432 and has no host networking, so --bridge=none cannot work).
# Then: TESTCONTAINERS_RYUK_DISABLED=true npx vitest run test/integration/server/lifecycle.test.ts
set -eu

TAG=${1:-postgres:15.18-alpine}
PG=/usr/lib/postgresql/15
[ -x "$PG/bin/postgres" ] || { echo "needs Debian's postgresql-15 at $PG" >&2; exit 1; }

ROOT=$(mktemp -d /tmp/pg-standin.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
chmod 755 "$ROOT"   # mktemp makes it 0700: it becomes / in the image, which the postgres user must traverse

# Copies each file to the same path under $ROOT, dereferencing symlinks (so a library lands at the
# path the loader looks for, whatever the host's /lib -> /usr/lib layout).
put() { for f in "$@"; do cp -L --parents "$f" "$ROOT"; done; }

# 1. PostgreSQL itself: binaries, modules (minus the LLVM JIT, which would drag in libLLVM), share files.
mkdir -p "$ROOT$PG"
cp -a "$PG/bin" "$ROOT$PG/"
mkdir -p "$ROOT$PG/lib"
find "$PG/lib" -maxdepth 1 -name '*.so' ! -name 'llvmjit*' -exec cp -a {} "$ROOT$PG/lib/" \;
mkdir -p "$ROOT/usr/share/postgresql"
cp -a /usr/share/postgresql/15 "$ROOT/usr/share/postgresql/"
cp -a /usr/share/zoneinfo "$ROOT/usr/share/"   # Debian builds with --with-system-tzdata

# 2. The tools the entrypoint and testcontainers' checks run.
TOOLS="/bin/sh /bin/bash /usr/bin/cat /usr/bin/awk /usr/bin/grep /usr/bin/mkdir /usr/bin/chown
/usr/bin/chmod /usr/bin/id /usr/bin/rm /usr/bin/setpriv"
put $TOOLS

# 3. Every shared library those binaries and modules need, and a loader cache for the new root.
LIBS=$(for f in $TOOLS "$PG"/bin/* "$ROOT$PG"/lib/*.so; do ldd "$f" 2>/dev/null; done |
  awk '/=> \// {print $3} /^\t\/lib/ {print $1}' | sed "s|^$ROOT||" | sort -u)
put $LIBS
mkdir -p "$ROOT/etc"
printf '/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' > "$ROOT/etc/ld.so.conf"
ldconfig -r "$ROOT"

# 4. Users, name resolution, and the entrypoint.
printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:70:70:PostgreSQL:/var/lib/postgresql:/bin/sh\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\npostgres:x:70:\n' > "$ROOT/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
mkdir -p "$ROOT/tmp" "$ROOT/var/run/postgresql" "$ROOT/var/lib/postgresql/data" "$ROOT/usr/local/bin"
chmod 1777 "$ROOT/tmp"
cat > "$ROOT/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Stand-in for the official image's entrypoint: first run initialises $PGDATA, then execs postgres.
set -eu
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
[ "${1:-postgres}" = postgres ] || exec "$@"
[ $# -gt 0 ] && shift
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
[ -n "${POSTGRES_PASSWORD:-}" ] || { echo 'POSTGRES_PASSWORD must be set' >&2; exit 1; }
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile && chown postgres /tmp/pwfile
  as_pg initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile=/tmp/pwfile \
    --encoding=UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
  rm -f /tmp/pwfile
  echo 'host all all all scram-sha-256' >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\";" | as_pg postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo 'PostgreSQL init process complete; ready for start up.'
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -c listen_addresses='*' "$@"
EOF
chmod 755 "$ROOT/usr/local/bin/docker-entrypoint.sh"

# 5. Import. The --change lines give it the official image's entrypoint/cmd/env/port shape (import takes no
#    STOPSIGNAL; it does not matter here: testcontainers stops with timeout 0, i.e. SIGKILL).
tar -C "$ROOT" -c . | docker import \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change "ENV PATH=$PG/bin:/usr/local/bin:/usr/bin:/bin PGDATA=/var/lib/postgresql/data" \
  --change 'EXPOSE 5432' \
  - "$TAG"
docker image ls "$TAG"
