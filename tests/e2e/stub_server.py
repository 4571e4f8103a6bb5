"""A tiny HTTPS peer for fault tests: requires a client certificate, answers the first FAILS
PUTs with 503 (Retry-After: 1 on the first), then stores bodies in DIR and answers 201.
Every request is appended to DIR/requests.log. Usage: stub_server.py PORT CERT KEY CA DIR FAILS"""
import http.server
import os
import ssl
import sys

port, cert, key, ca, out, fails = sys.argv[1:7]
fails = int(fails)
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_PUT(self):
        global count
        count += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        name = os.path.basename(self.path)
        with open(os.path.join(out, "requests.log"), "a") as log:
            log.write(f"{count} PUT {self.path} key={self.headers.get('Idempotency-Key')}\n")
        if count <= fails:
            self.send_response(503)
            if count == 1:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with open(os.path.join(out, name), "wb") as f:
            f.write(body)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
ctx.load_verify_locations(ca)
ctx.verify_mode = ssl.CERT_REQUIRED
srv = http.server.HTTPServer(("127.0.0.1", int(port)), Handler)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print("ready", flush=True)
srv.serve_forever()
