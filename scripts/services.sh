#!/usr/bin/env bash
# The services beyond the local database servers, for the suites that go past one server:
#   PgBouncer in transaction mode on 127.0.0.1:6432, in front of 127.0.0.1:5432;
#   a streaming replica of the local PostgreSQL on 127.0.0.1:5433 (pg_basebackup -R).
# Usage: scripts/services.sh start|stop|status. Idempotent: start installs what is missing
# (apt-get install -y pgbouncer) and starts what is not running, and says what it did.
set -euo pipefail

STATE="${SA_SERVICES_DIR:-/var/tmp/reactive-sessions-services}"
PGBOUNCER_PORT=6432
REPLICA_PORT=5433
PRIMARY_PORT=5432
PG_VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
REPLICA_DATA="${STATE}/replica"

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }

pgbouncer_up() { pg_isready -h 127.0.0.1 -p "${PGBOUNCER_PORT}" -q 2>/dev/null; }
replica_up() {
	[ "$(psql -h 127.0.0.1 -p "${REPLICA_PORT}" -U postgres -d postgres -tAc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]
}

start_pgbouncer() {
	if pgbouncer_up; then
		echo "PgBouncer: already answering on 127.0.0.1:${PGBOUNCER_PORT}"
		return
	fi
	if ! command -v pgbouncer >/dev/null 2>&1; then
		echo "PgBouncer: installing (apt-get install -y pgbouncer)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer >/dev/null
	fi
	mkdir -p "${STATE}/pgbouncer"
	cat > "${STATE}/pgbouncer/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=${PRIMARY_PORT}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${PGBOUNCER_PORT}
unix_socket_dir =
auth_type = trust
auth_file = ${STATE}/pgbouncer/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 500
; what r2dbc-postgresql sends at startup besides what PgBouncer tracks itself
ignore_startup_parameters = extra_float_digits
admin_users = postgres
stats_users = postgres
logfile = ${STATE}/pgbouncer/pgbouncer.log
pidfile = ${STATE}/pgbouncer/pgbouncer.pid
INI
	printf '"postgres" ""\n"root" ""\n' > "${STATE}/pgbouncer/userlist.txt"
	chown -R postgres "${STATE}/pgbouncer" 2>/dev/null || true
	# PgBouncer refuses to run as root.
	as_postgres pgbouncer -d "${STATE}/pgbouncer/pgbouncer.ini"
	for _ in $(seq 1 30); do pgbouncer_up && break; sleep 0.5; done
	pgbouncer_up && echo "PgBouncer: started on 127.0.0.1:${PGBOUNCER_PORT}, pool_mode = transaction" \
		|| { echo "PgBouncer: did not start (see ${STATE}/pgbouncer/pgbouncer.log)"; return 1; }
}

start_replica() {
	if replica_up; then
		echo "Replica: already streaming on 127.0.0.1:${REPLICA_PORT}"
		return
	fi
	local hba="/etc/postgresql/${PG_VERSION}/main/pg_hba.conf"
	if ! grep -q '^host[[:space:]]\+replication[[:space:]]\+all[[:space:]]\+127.0.0.1/32' "${hba}"; then
		echo "Primary: allowing replication connections from 127.0.0.1 (${hba})"
		echo 'host replication all 127.0.0.1/32 trust' >> "${hba}"
		as_postgres psql -h 127.0.0.1 -p "${PRIMARY_PORT}" -U postgres -d postgres -qAtc 'SELECT pg_reload_conf()' >/dev/null
	fi
	mkdir -p "${STATE}"
	chown postgres "${STATE}" 2>/dev/null || true
	if [ ! -f "${REPLICA_DATA}/standby.signal" ]; then
		echo "Replica: copying the primary (pg_basebackup -R) into ${REPLICA_DATA}"
		rm -rf "${REPLICA_DATA}"
		as_postgres "${PG_BIN}/pg_basebackup" -h 127.0.0.1 -p "${PRIMARY_PORT}" -U postgres -D "${REPLICA_DATA}" -R -X stream -c fast
	fi
	# Debian keeps a cluster's configuration outside its data directory: the copy gets its own.
	if [ ! -f "${REPLICA_DATA}/postgresql.conf" ]; then
		cat > "${REPLICA_DATA}/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = ${REPLICA_PORT}
unix_socket_directories = '${STATE}'
hot_standby = on
CONF
		printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "${REPLICA_DATA}/pg_hba.conf"
		: > "${REPLICA_DATA}/pg_ident.conf"
		chown postgres "${REPLICA_DATA}/postgresql.conf" "${REPLICA_DATA}/pg_hba.conf" "${REPLICA_DATA}/pg_ident.conf" 2>/dev/null || true
	fi
	as_postgres "${PG_BIN}/pg_ctl" -D "${REPLICA_DATA}" -l "${STATE}/replica.log" -w -t 60 start >/dev/null
	for _ in $(seq 1 60); do replica_up && break; sleep 0.5; done
	replica_up && echo "Replica: streaming from 127.0.0.1:${PRIMARY_PORT} on 127.0.0.1:${REPLICA_PORT}" \
		|| { echo "Replica: did not start (see ${STATE}/replica.log)"; return 1; }
}

stop_all() {
	if [ -f "${STATE}/pgbouncer/pgbouncer.pid" ] && kill -0 "$(cat "${STATE}/pgbouncer/pgbouncer.pid")" 2>/dev/null; then
		kill "$(cat "${STATE}/pgbouncer/pgbouncer.pid")" && echo "PgBouncer: stopped"
	else
		echo "PgBouncer: not running"
	fi
	if [ -f "${REPLICA_DATA}/postmaster.pid" ]; then
		as_postgres "${PG_BIN}/pg_ctl" -D "${REPLICA_DATA}" -m fast -w stop >/dev/null && echo "Replica: stopped"
	else
		echo "Replica: not running"
	fi
}

status() {
	local rc=0
	if pgbouncer_up; then echo "PgBouncer: up on 127.0.0.1:${PGBOUNCER_PORT}"; else echo "PgBouncer: down"; rc=1; fi
	if replica_up; then echo "Replica: up on 127.0.0.1:${REPLICA_PORT}"; else echo "Replica: down"; rc=1; fi
	return ${rc}
}

case "${1:-}" in
	start) start_pgbouncer; start_replica ;;
	stop) stop_all ;;
	status) status ;;
	*) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
