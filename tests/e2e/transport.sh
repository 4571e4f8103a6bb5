# Helpers for the transport cases (sourced after lib.sh): a test PKI made now with openssl,
# servers started by the case on loopback and always stopped by the EXIT trap.
command -v openssl >/dev/null || skip "openssl not installed (scripts/install-deps installs it)"
P=$TMP/pki
mkdir -p "$P"
SERVERS=()
cleanup() {
  local pid
  for pid in "${SERVERS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT

# make_pki: CA "ca" with a server certificate for 127.0.0.1/localhost and a client "client";
# a second CA "otherca" with a client "rogue" that servers must refuse.
make_pki() {
  local name
  for name in ca otherca; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -keyout "$P/$name.key" -out "$P/$name.pem" -subj "/O=ozg tests/CN=$name" 2>/dev/null
  done
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$P/server.ext"
  printf 'extendedKeyUsage=clientAuth\n' > "$P/client.ext"
  leaf_cert server ca server.ext "/O=ozg tests/CN=127.0.0.1"
  leaf_cert client ca client.ext "/O=Gemeinde Beispielwil/CN=portal"
  leaf_cert rogue otherca client.ext "/O=Elsewhere/CN=rogue"
  [ -s "$P/server.pem" ] && [ -s "$P/client.pem" ] && [ -s "$P/rogue.pem" ] ||
    { echo "FAIL: could not make the test PKI"; exit 1; }
}
leaf_cert() {  # NAME CA EXTFILE SUBJECT
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$P/$1.key" -out "$P/$1.csr" -subj "$4" 2>/dev/null
  openssl x509 -req -in "$P/$1.csr" -CA "$P/$2.pem" -CAkey "$P/$2.key" -CAcreateserial -days 2 \
    -extfile "$P/$3" -out "$P/$1.pem" 2>/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_receiver INBOX LOG [PORT] [ARGS...]: ozg receive in the background; sets RECV_PID and
# RECV_PORT once it listens.
start_receiver() {
  local inbox=$1 log=$2 port=${3:-0}
  shift 3 2>/dev/null || shift $#
  "$OZG" receive --listen "127.0.0.1:$port" --inbox "$inbox" --cert "$P/server.pem" \
    --key "$P/server.key" --client-ca "$P/ca.pem" "$@" 2>"$log" &
  RECV_PID=$!
  SERVERS+=("$RECV_PID")
  local i
  for i in $(seq 1 100); do
    RECV_PORT=$(sed -n 's|^ozg: listening on https://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$RECV_PORT" ] && return 0
    kill -0 "$RECV_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: ozg receive did not start:"; cat "$log"; exit 1
}

# stop_server PID: SIGTERM and wait; sets STOP_RC.
stop_server() {
  kill -TERM "$1" 2>/dev/null
  wait "$1" && STOP_RC=0 || STOP_RC=$?
}

# The client options every HTTPS send uses.
client_opts() {
  echo --cert "$P/client.pem" --key "$P/client.key" --ca "$P/ca.pem"
}

# make_messages DIR N: N valid eCH-0020 v3 messages that differ only in their message id.
make_messages() {
  mkdir -p "$1"
  local i
  for i in $(seq 1 "$2"); do
    sed "s|<eCH-0058:messageId>[^<]*<|<eCH-0058:messageId>msg-$(printf %05d "$i")<|" \
      "$SAMPLES/valid/ech0020-v3-move-in.xml" > "$1/m$i.xml"
  done
}

# start_nginx ROOT: nginx (Debian package) with mutual TLS and a WebDAV PUT location /inbox/
# writing to ROOT/inbox; sets NGINX_PID and NGINX_PORT. Skips the case if nginx is missing.
start_nginx() {
  local nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  [ -x "$nginx" ] || skip "nginx not installed (scripts/install-deps installs it)"
  local n=$TMP/nginx
  mkdir -p "$n/tmp" "$1/inbox"
  NGINX_PORT=$(free_port)
  cat > "$n/nginx.conf" <<CONF
user $(id -un) $(id -gn);
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log;
events { worker_connections 512; }
http {
  log_format ozg '\$connection \$connection_requests "\$request" \$status';
  access_log $n/access.log ozg;
  client_body_temp_path $n/tmp/body;
  proxy_temp_path $n/tmp/proxy;
  fastcgi_temp_path $n/tmp/fastcgi;
  uwsgi_temp_path $n/tmp/uwsgi;
  scgi_temp_path $n/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $P/server.pem;
    ssl_certificate_key $P/server.key;
    ssl_client_certificate $P/ca.pem;
    ssl_verify_client on;
    client_max_body_size ${NGINX_MAX_BODY:-1m};
    keepalive_requests 100000;
    location /inbox/ {
      root $1;
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
  }
}
CONF
  "$nginx" -p "$n" -e "$n/error.log" -c "$n/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  SERVERS+=("$NGINX_PID")
  local i
  for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "FAIL: nginx did not start:"; cat "$n/error.log"; exit 1
}
