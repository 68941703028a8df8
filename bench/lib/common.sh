# Shared by the bench/*/run scripts (sourced, never run): tool checks, ports, a
# cartbell-server or nginx started under a CPU pin, wrk runs bounded in time, and one
# printed line per figure. Loopback only. Every process started here is stopped on exit.

bench_name=${bench_name:-bench}
bench_pids=()
bench_work=""

bench_die() { printf '%s: %s\n' "$bench_name" "$*" >&2; exit 1; }

# Fails clearly when a tool is missing (./cartbell bench installs them).
bench_need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
      bench_die "$tool is missing (./cartbell bench installs wrk, nginx-light and curl)"
  done
}

bench_cleanup() {
  local p
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${bench_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "$bench_work" ] && rm -rf "$bench_work"
  return 0
}

# A work folder on the project's disk (not tmpfs: fsync must reach a real disk for the
# durable-write figures); removed on exit together with every started process.
bench_setup() {
  mkdir -p build
  bench_work=$(mktemp -d "$PWD/build/bench-${bench_name//\//-}.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'
}

# Waits up to 10 s for GET $1 to answer.
bench_wait_http() {
  local i
  for i in $(seq 1 100); do
    curl -sf -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Starts cartbell-server with the example shop, its own keys, database and web root in
# the work folder, rate limits and the per-IP cap raised (the load comes from one
# address), log level warn (no line per request).
#   bench_start_server BINARY THREADS CPUS NAME   (CPUS: taskset list, or "" for none)
# Sets server_port and server_pid.
bench_start_server() {
  local binary=$1 threads=$2 cpus=$3 name=$4 dir port
  dir="$bench_work/$name"
  mkdir -p "$dir"
  port=$(bench_free_port)
  node -e '
    const fs = require("fs"); const [src, dst, dir, port, threads] = process.argv.slice(1);
    const c = JSON.parse(fs.readFileSync(src, "utf8"));
    c.listen.port = Number(port); c.listen.threads = Number(threads); c.log_level = "warn";
    c.limits.max_connections_per_ip = 100000; c.limits.max_connections = 100000;
    c.rate_limits = { optins_per_ip_per_minute: 1000000, optins_per_number_prefix_per_hour: 1000000,
                      optins_per_shop_per_minute: 1000000 };
    c.storage = { data_dir: dir, sqlite_path: dir + "/bench.sqlite" };
    c.keys = { signing_key: dir + "/k/sign.key", phone_seal_key: dir + "/k/seal.key", phone_index_key: dir + "/k/index.key" };
    c.web_root = dir;
    fs.writeFileSync(dst, JSON.stringify(c));' backend/config/example.json "$dir/config.json" "$dir" "$port" "$threads"
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  "${pin[@]}" "$binary" --config "$dir/config.json" --dev >"$dir/server.out" 2>"$dir/server.log" &
  server_pid=$!
  bench_pids+=("$server_pid")
  if ! bench_wait_http "http://127.0.0.1:$port/healthz"; then
    cat "$dir/server.log" >&2
    bench_die "cartbell-server ($name) did not start"
  fi
  server_port=$port
}

# Starts nginx answering every request with `return 200 $2` (JSON); WORKERS (default 1)
# worker processes, each with its own SO_REUSEPORT socket as cartbell-server's threads have.
#   bench_start_nginx CPUS BODY NAME [WORKERS]   -> sets nginx_port and nginx_worker (first worker's pid)
bench_start_nginx() {
  local cpus=$1 body=$2 name=$3 workers=${4:-1} dir port nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  dir="$bench_work/$name"
  mkdir -p "$dir"
  port=$(bench_free_port)
  case "$body" in *'$'*) bench_die "nginx: a body with \$ cannot be returned literally" ;; esac
  body=${body//\\/\\\\}
  body=${body//\'/\\\'}
  cat >"$dir/nginx.conf" <<CONF
worker_processes $workers;
daemon off;
error_log /dev/null crit;
pid $dir/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir;
  uwsgi_temp_path $dir; scgi_temp_path $dir;
  server { listen 127.0.0.1:$port reuseport; location / { default_type application/json; return 200 '$body'; } }
}
CONF
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  "${pin[@]}" "$nginx_bin" -c "$dir/nginx.conf" -p "$dir" >/dev/null 2>&1 &
  local master=$!
  bench_pids+=("$master")
  bench_wait_http "http://127.0.0.1:$port/" || bench_die "nginx did not start"
  nginx_port=$port
  nginx_worker=$(pgrep -P "$master" | head -n 1)
  [ -n "$nginx_worker" ] || bench_die "nginx has no worker process"
}

# Busy time of the whole machine so far (user, nice, system, irq and softirq of every
# CPU, clock ticks): kernel network work that no process is charged for counts here.
bench_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }

# CPU time (user + system, clock ticks) a process has used so far.
bench_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Microseconds of CPU per request from a tick difference and a request count.
bench_us_per_request() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }'; }

# Runs wrk (bounded by timeout) and prints its requests per second as an integer; fails
# when any answer was not 2xx/3xx or a socket error occurred, so a figure never counts errors.
# The number of answered requests is added to the file $bench_work/answered.
#   bench_wrk CPUS CONNECTIONS SECONDS URL [wrk options...] [-- script arguments...]
bench_wrk() {
  local cpus=$1 conns=$2 secs=$3 url=$4 out
  shift 4
  local options=() pin=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  out=$(timeout $((secs + 30)) "${pin[@]}" wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s "${options[@]}" "$url" "$@") ||
    bench_die "wrk failed or timed out on $url"
  if grep -qE 'Non-2xx or 3xx responses|Socket errors' <<<"$out"; then
    printf '%s\n' "$out" >&2
    bench_die "wrk saw errors on $url: the figure would not be valid"
  fi
  awk '/ requests in / {print $1}' <<<"$out" | tee "$bench_work/last_answered" >>"$bench_work/answered"
  awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out"
}

# Requests answered by the last bench_wrk call.
bench_last_answered() { cat "$bench_work/last_answered" 2>/dev/null || echo 0; }

# Requests answered by every bench_wrk call so far.
bench_answered() { awk '{n += $1} END {print n + 0}' "$bench_work/answered" 2>/dev/null || echo 0; }

# Median of the integer arguments.
bench_median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else printf "%d\n", (v[NR/2]+v[NR/2+1])/2}'; }

# One line per figure: label, value, unit, then "ratio x reference (goal ...)" text.
bench_figure() { printf '%-58s %9s %-6s %s\n' "$1" "$2" "$3" "$4"; }

# "a / b" with two decimals (awk: no bc or node needed).
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# "ok" or "BELOW GOAL" for ratio $1 against goal $2.
bench_verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r + 0 >= g + 0) ? "ok" : "BELOW GOAL" }'; }

bench_fs_note() {
  local fs
  fs=$(stat -f -c %T "$bench_work")
  if [ "$fs" = tmpfs ] || [ "$fs" = ramfs ]; then
    printf 'WARNING: data folder %s is on %s: fsync costs nothing there, durable-write figures are not real\n' "$bench_work" "$fs"
  else
    printf 'data folder %s (file system %s: fsync reaches the disk)\n' "$bench_work" "$fs"
  fi
}
