#!/usr/bin/env bash
# Time to steady throughput after start, for each way of starting the field application
# (benchmarks/README.md, "Warm-up"): a fresh JVM per variant, the time from launch to its
# first answer, then requests per second in consecutive slices of wrk load on the starter's
# read by id (GET /session/items/{id}, random ids) on PostgreSQL.
#
#   benchmarks/warmup.sh [--variants=java17,java17-cds,...] [--duration=180] [--slice=5]
#
# Everything it makes (the jar's extracted layout, archives, logs, the report) is under
# benchmarks/target/warmup. Run it from the project's root directory.
set -euo pipefail

usage() {
	cat <<'EOF'
Options:
  --variants=LIST    comma-separated, from (default: all of them, in this order)
                       java17                   java -jar on the executable jar, Java 17
                       java17-extracted         the jar extracted (java -Djarmode=tools ... extract)
                       java17-cds               extracted, with a CDS archive of a training run
                                                that stops after the refresh (Spring Boot's way)
                       java17-spring-aot        extracted, -Dspring.aot.enabled=true
                       java25                   java -jar on the executable jar, Java 25
                       java25-aot-onrefresh     extracted, with an AOT cache (JEP 483/514/515) of
                                                a training run that stops after the refresh
                       java25-aot               extracted, with an AOT cache of a training run
                                                under load (--training seconds)
                       java25-aot-spring-aot    java25-aot with Spring AOT, trained with it
  --duration=S       seconds of load after the first answer (180)
  --slice=S          seconds of each measured slice (5)
  --training=S       seconds of load in a training run under load (60)
  --threads=N        wrk threads (2)
  --connections=N    wrk connections (64)
  --pool-size=N      connections of the application's pool (10)
  --port=N           port of the application (18090)
  --jvm-args=ARGS    JVM options of every run, training runs included (-Xms1g -Xmx1g)
  --postgres=URL     R2DBC url of the PostgreSQL server (r2dbc:postgresql://postgres@127.0.0.1:5432/test)
  --psql=ARGS        psql's connection options for the same server (-h 127.0.0.1 -U postgres test)
  --skip-build       use the jar of the last build (benchmarks/target/*-exec.jar)
Environment: JAVA17_HOME (/usr/lib/jvm/java-17-openjdk-amd64), JAVA25_HOME
(/usr/lib/jvm/temurin-25-jdk-amd64), MVN_ARGS (-B -o) for the build.
EOF
}

ALL_VARIANTS="java17,java17-extracted,java17-cds,java17-spring-aot,java25,java25-aot-onrefresh,java25-aot,java25-aot-spring-aot"
VARIANTS=$ALL_VARIANTS
DURATION=180
SLICE=5
TRAINING=60
THREADS=2
CONNECTIONS=64
POOL_SIZE=10
PORT=18090
JVM_ARGS="-Xms1g -Xmx1g"
POSTGRES_URL="r2dbc:postgresql://postgres@127.0.0.1:5432/test"
PSQL_ARGS="-h 127.0.0.1 -U postgres test"
BUILD=true
JAVA17_HOME=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
ITEMS=1000

for argument in "$@"; do
	case $argument in
		--variants=*) VARIANTS=${argument#*=} ;;
		--duration=*) DURATION=${argument#*=} ;;
		--slice=*) SLICE=${argument#*=} ;;
		--training=*) TRAINING=${argument#*=} ;;
		--threads=*) THREADS=${argument#*=} ;;
		--connections=*) CONNECTIONS=${argument#*=} ;;
		--pool-size=*) POOL_SIZE=${argument#*=} ;;
		--port=*) PORT=${argument#*=} ;;
		--jvm-args=*) JVM_ARGS=${argument#*=} ;;
		--postgres=*) POSTGRES_URL=${argument#*=} ;;
		--psql=*) PSQL_ARGS=${argument#*=} ;;
		--skip-build) BUILD=false ;;
		-h | --help) usage; exit 0 ;;
		*) echo "Unknown option $argument" >&2; usage >&2; exit 2 ;;
	esac
done
for variant in ${VARIANTS//,/ }; do
	[[ ",$ALL_VARIANTS," == *",$variant,"* ]] || { echo "Unknown variant $variant" >&2; usage >&2; exit 2; }
done
(( SLICE > 0 && DURATION >= 4 * SLICE )) || { echo "duration must be at least 4 slices" >&2; exit 2; }

ROOT=$(pwd)
[[ -f "$ROOT/benchmarks/pom.xml" ]] || { echo "Run it from the project's root directory" >&2; exit 2; }
OUT="$ROOT/benchmarks/target/warmup"
URL="http://127.0.0.1:$PORT"
SCHEMA="sa_warmup_$$"
APP_PID=""

psql_run() {
	# shellcheck disable=SC2086
	psql -X -q -v ON_ERROR_STOP=1 $PSQL_ARGS "$@"
}

stop_app() {
	if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
		kill -TERM "$APP_PID" 2>/dev/null || true
		# An AOT cache is written at exit: give it time.
		for _ in $(seq 1 1200); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$APP_PID" 2>/dev/null || true
	fi
	[[ -n $APP_PID ]] && wait "$APP_PID" 2>/dev/null || true
	APP_PID=""
}

cleanup() {
	stop_app
	psql_run -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# Build the executable jar (with Spring AOT's code in it) and extract it as Spring Boot
# documents for CDS and the AOT cache.
if $BUILD; then
	# shellcheck disable=SC2086
	./mvnw ${MVN_ARGS:--B -o} -q -pl benchmarks -am -Pwarmup -DskipTests package
fi
JAR=$(ls "$ROOT"/benchmarks/target/reactive-sessions-benchmarks-*-exec.jar)
rm -rf "$OUT"
mkdir -p "$OUT"
"$JAVA17_HOME/bin/java" -Djarmode=tools -jar "$JAR" extract --destination "$OUT/extracted" >/dev/null
EXTRACTED=$(ls "$OUT"/extracted/reactive-sessions-benchmarks-*-exec.jar)

psql_run <<EOF
CREATE SCHEMA $SCHEMA;
CREATE TABLE $SCHEMA.item (id BIGSERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, quantity INT NOT NULL);
INSERT INTO $SCHEMA.item (name, quantity) SELECT 'item-' || g, g % 100 FROM generate_series(1, $ITEMS) g;
EOF
DATABASE_URL="$POSTGRES_URL$([[ $POSTGRES_URL == *\?* ]] && echo '&' || echo '?')schema=$SCHEMA"

# Start the application in the background: start_app LOG JAVA_HOME JAR [JVM options...]
start_app() {
	local log=$1 java_home=$2 jar=$3
	shift 3
	if curl -s -o /dev/null "$URL/"; then
		echo "Port $PORT is in use: give another with --port" >&2
		exit 3
	fi
	# shellcheck disable=SC2086
	BENCH_URL=$DATABASE_URL "$java_home/bin/java" $JVM_ARGS "$@" -jar "$jar" --server.port="$PORT" \
		--bench.pool-size="$POOL_SIZE" >"$log" 2>&1 &
	APP_PID=$!
}

# Wait for the first 200 of the read route; prints the milliseconds since START_MS.
await_first_answer() {
	local log=$1
	while true; do
		if [[ $(curl -s -o /dev/null -w '%{http_code}' "$URL/session/items/1" || true) == 200 ]]; then
			echo $(( $(now_ms) - START_MS ))
			return
		fi
		if ! kill -0 "$APP_PID" 2>/dev/null; then
			echo "The application ended before it answered; its output:" >&2
			cat "$log" >&2
			exit 3
		fi
		sleep 0.02
	done
}

# One wrk run; prints "requests/s failures".
load() {
	local seconds=$1 output
	output=$(ITEMS=$ITEMS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$ROOT/benchmarks/warmup.lua" "$URL")
	awk '/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { failures += $NF }
		/Socket errors:/ { gsub(",", ""); failures += $4 + $6 + $8 + $10 }
		END { printf "%.0f %d\n", rps, failures }' <<<"$output"
}

# A training run of the variant's JVM options: train DIR MODE [JVM options...], MODE being
# onrefresh (stops after the refresh) or load (TRAINING seconds of load, then stopped).
train() {
	local dir=$1 mode=$2 java_home=$3
	shift 3
	if [[ $mode == onrefresh ]]; then
		# shellcheck disable=SC2086
		BENCH_URL=$DATABASE_URL "$java_home/bin/java" $JVM_ARGS "$@" -Dspring.context.exit=onRefresh \
			-jar "$EXTRACTED" --server.port="$PORT" --bench.pool-size="$POOL_SIZE" >"$dir/training.log" 2>&1 \
			|| { echo "The training run failed; its output:" >&2; cat "$dir/training.log" >&2; exit 3; }
	else
		START_MS=$(now_ms)
		start_app "$dir/training.log" "$java_home" "$EXTRACTED" "$@"
		await_first_answer "$dir/training.log" >/dev/null
		load "$TRAINING" >/dev/null
		stop_app
	fi
}

# Run one variant; appends its summary row to $OUT/summary.md and its slices to $OUT/slices.md.
run_variant() {
	local variant=$1 dir="$OUT/$1" java_home jar options=() startup slices=() failures=0 i
	mkdir -p "$dir"
	case $variant in
		java17*) java_home=$JAVA17_HOME ;;
		java25*) java_home=$JAVA25_HOME ;;
	esac
	jar=$EXTRACTED
	[[ $variant == java17 || $variant == java25 ]] && jar=$JAR
	[[ $variant == *-spring-aot ]] && options+=(-Dspring.aot.enabled=true)
	case $variant in
		java17-cds)
			train "$dir" onrefresh "$java_home" "${options[@]}" -XX:ArchiveClassesAtExit="$dir/app.jsa"
			options+=(-XX:SharedArchiveFile="$dir/app.jsa") ;;
		java25-aot-onrefresh)
			train "$dir" onrefresh "$java_home" "${options[@]}" -XX:AOTCacheOutput="$dir/app.aot"
			options+=(-XX:AOTCache="$dir/app.aot") ;;
		java25-aot*)
			train "$dir" load "$java_home" "${options[@]}" -XX:AOTCacheOutput="$dir/app.aot"
			options+=(-XX:AOTCache="$dir/app.aot") ;;
	esac
	for archive in "$dir"/app.jsa "$dir"/app.aot; do
		if [[ " ${options[*]} " == *"$archive"* && ! -s $archive ]]; then
			echo "$variant: the training run made no $archive; its output:" >&2
			cat "$dir/training.log" >&2
			exit 3
		fi
	done
	# Fail rather than measure the variant without its archive.
	[[ " ${options[*]} " == *"-XX:SharedArchiveFile"* ]] && options+=(-Xshare:on)
	[[ " ${options[*]} " == *"-XX:AOTCache="* ]] && options+=(-XX:AOTMode=on)
	echo "$variant: $java_home/bin/java $JVM_ARGS ${options[*]} -jar ${jar#"$ROOT"/}" >&2
	START_MS=$(now_ms)
	start_app "$dir/app.log" "$java_home" "$jar" "${options[@]}"
	startup=$(await_first_answer "$dir/app.log")
	local count=$(( DURATION / SLICE )) result rps failed ends=()
	for (( i = 0; i < count; i++ )); do
		result=$(load "$SLICE")
		rps=${result% *}
		failed=${result#* }
		slices+=("$rps")
		ends+=("$(( $(now_ms) - START_MS ))")
		failures=$(( failures + failed ))
	done
	stop_app
	# Steady: the median of the last quarter of the slices (at least 3).
	local tail=$(( count / 4 > 3 ? count / 4 : 3 ))
	local steady
	steady=$(printf '%s\n' "${slices[@]: -$tail}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	local reached="not reached"
	for (( i = 0; i < count; i++ )); do
		if awk -v r="${slices[$i]}" -v s="$steady" 'BEGIN { exit !(r >= 0.9 * s) }'; then
			reached=$(awk -v ms="${ends[$i]}" 'BEGIN { printf "%.1f", ms / 1000 }')
			break
		fi
	done
	awk -v v="$variant" -v st="$startup" -v first="${slices[0]}" -v to90="$reached" -v steady="$steady" \
		-v f="$failures" 'BEGIN { printf "| %s | %.2f | %d | %.2f | %s | %d | %d |\n", v, st / 1000, first,
			(steady > 0) ? first / steady : 0, to90, steady, f }' >>"$OUT/summary.md"
	{
		echo
		echo "$variant, requests per second in slices of ${SLICE} s (seconds since launch at the end of each):"
		echo
		echo "| s | req/s |"
		echo "|---:|---:|"
		for (( i = 0; i < count; i++ )); do
			awk -v ms="${ends[$i]}" -v r="${slices[$i]}" 'BEGIN { printf "| %.1f | %d |\n", ms / 1000, r }'
		done
	} >>"$OUT/slices.md"
	echo "$variant: startup $(awk -v s="$startup" 'BEGIN { printf "%.2f", s / 1000 }') s, first slice ${slices[0]} req/s, 90 % of steady at $reached s, steady $steady req/s, $failures failed" >&2
}

STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
: >"$OUT/summary.md"
: >"$OUT/slices.md"
for variant in ${VARIANTS//,/ }; do
	run_variant "$variant"
done

{
	echo "Warm-up of the field application, $STARTED to $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores," \
		"commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $DURATION s of wrk -t$THREADS" \
		"-c$CONNECTIONS on GET /session/items/{id} ($ITEMS rows) after the first answer, in slices of $SLICE s;" \
		"JVM options $JVM_ARGS; training under load: $TRAINING s."
	echo
	echo "| variant | startup s (launch to first answer) | req/s first slice | first / steady | s from launch to 90 % of steady | steady req/s (median of the last $(( DURATION / SLICE / 4 > 3 ? DURATION / SLICE / 4 : 3 )) slices) | failed requests |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	cat "$OUT/summary.md"
	cat "$OUT/slices.md"
} >"$OUT/report.md"
cat "$OUT/report.md"
