# Attacks on ozg sign / ozg verify, each made now with openssl and xmlsec1: a verify that says
# "good" must mean that the trusted signer signed exactly this message.
. "$(dirname "$0")/../lib.sh"
command -v openssl >/dev/null || skip "openssl not installed (scripts/install-deps installs it)"
command -v xmlsec1 >/dev/null || skip "xmlsec1 not installed (scripts/install-deps installs it)"
P=$TMP/pki
mkdir -p "$P"
DS=http://www.w3.org/2000/09/xmldsig#
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$P/ca.key" -out "$P/ca.pem" -days 30 \
  -subj "/O=ozg tests/CN=ca" 2>/dev/null
issue() {  # issue NAME CA_NAME SUBJECT KEYSPEC: a certificate signed by CA_NAME
  openssl req -new -newkey "$4" -nodes -keyout "$P/$1.key" -out "$P/$1.csr" -subj "$3" 2>/dev/null
  openssl x509 -req -in "$P/$1.csr" -CA "$P/$2.pem" -CAkey "$P/$2.key" -CAcreateserial -days 2 \
    -out "$P/$1.pem" 2>/dev/null
}
issue legit ca "/O=Gemeinde Beispielwil/CN=Legit Sender" rsa:2048
issue other ca "/O=Gemeinde Anderswil/CN=Other Sender" rsa:2048
# Mallory: a key of her own, a self-made "CA" whose subject is the legit sender's, and a
# certificate from it (its issuer DN equals the legit subject).
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$P/fake.key" -out "$P/fake.pem" -days 2 \
  -subj "/O=Gemeinde Beispielwil/CN=Legit Sender" 2>/dev/null
issue mallory fake "/CN=Mallory" rsa:2048
b64() { sed '/-----/d' "$1" | tr -d '\n'; }
# sub PATTERN TEXT IN OUT: IN with the first match of the Python regex PATTERN (across lines)
# replaced by TEXT, taken literally.
sub() {
  python3 -c 'import re,sys; s=open(sys.argv[3]).read(); t=re.sub(sys.argv[1], lambda m: sys.argv[2], s, count=1, flags=re.S); open(sys.argv[4],"w").write(t); sys.exit(t == s)' "$@" ||
    fail "no match for $1 in $3"
}
LEGIT=$(b64 "$P/legit.pem")
MALLORY=$(b64 "$P/mallory.pem")
[ -n "$LEGIT" ] && [ -n "$MALLORY" ] || { echo "FAIL: could not make the test PKI"; exit 1; }
MSG=$SAMPLES/valid/ech0020-v3-move-in.xml

# template OUT TRANSFORMS KEYINFO: the message with a signature template for xmlsec1 --sign.
template() {
  sed "s|</eCH-0020:delivery>|<Signature xmlns=\"$DS\"><SignedInfo><CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/><Reference URI=\"\"><Transforms>$2</Transforms><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo>$3</KeyInfo></Signature></eCH-0020:delivery>|" "$MSG" > "$1"
}
ENV="<Transform Algorithm=\"${DS}enveloped-signature\"/>"
EXC='<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
X509='<X509Data><X509Certificate/></X509Data>'
xsign() {  # xsign KEY CERT TEMPLATE OUT
  xmlsec1 --sign --privkey-pem "$1${2:+,$2}" --output "$4" "$3" >/dev/null 2>&1 ||
    { fail "xmlsec1 could not sign $3"; return 1; }
}
refused() {  # refused FILE CODE WHAT: verify exits 4 with CODE and never calls it good
  run verify --trust "$P/ca.pem" "$1"
  expect_rc 4 "$3"
  expect_in "$err" "[$2]" "$3: $2"
  expect_not_in "$err" "signature good" "$3: not called good"
}

# 1. Mallory signs with her own key and puts it in KeyValue next to the legit certificate.
template "$TMP/t-keyvalue.xml" "$ENV$EXC" "<KeyValue/>"
xsign "$P/mallory.key" "" "$TMP/t-keyvalue.xml" "$TMP/kv.xml"
sub "</KeyValue>" "</KeyValue><X509Data><X509Certificate>$LEGIT</X509Certificate></X509Data>" \
  "$TMP/kv.xml" "$TMP/forged-keyvalue.xml"
grep -q "<KeyValue>" "$TMP/forged-keyvalue.xml" || fail "xmlsec1 wrote no KeyValue"
refused "$TMP/forged-keyvalue.xml" SIG413 "KeyValue beside the legit certificate"

# 1b. X509Data = [legit certificate, Mallory's certificate whose issuer DN is the legit subject].
template "$TMP/t-x509.xml" "$ENV$EXC" "$X509"
xsign "$P/mallory.key" "$P/mallory.pem" "$TMP/t-x509.xml" "$TMP/m.xml"
sub "<X509Data>.*</X509Data>" "<X509Data><X509Certificate>$LEGIT</X509Certificate><X509Certificate>$MALLORY</X509Certificate></X509Data>" \
  "$TMP/m.xml" "$TMP/forged-issuer.xml"
run verify --trust "$P/ca.pem" "$TMP/forged-issuer.xml"
expect_rc 4 "a certificate issued in the legit sender's name"
expect_not_in "$err" "signature good" "the fake issuer is not called good"
# The legit certificate alone with Mallory's signature: the key of the checked certificate.
sub "<X509Data>.*</X509Data>" "<X509Data><X509Certificate>$LEGIT</X509Certificate></X509Data>" \
  "$TMP/m.xml" "$TMP/forged-cert-only.xml"
refused "$TMP/forged-cert-only.xml" SIG403 "Mallory's signature under the legit certificate"
# Two certificates that could each be the signer's.
legit_signed() {  # legit_signed OUT: the message signed by the legit sender with xmlsec1
  template "$TMP/t-legit.xml" "$ENV$EXC" "$X509"
  xsign "$P/legit.key" "$P/legit.pem" "$TMP/t-legit.xml" "$1"
}
legit_signed "$TMP/legit.xml"
run verify --trust "$P/ca.pem" "$TMP/legit.xml"
expect_rc 0 "the legit signature itself is good"
sub "</X509Certificate>\\s*</X509Data>" "</X509Certificate><X509Certificate>$(b64 "$P/other.pem")</X509Certificate></X509Data>" \
  "$TMP/legit.xml" "$TMP/two-leaves.xml"
refused "$TMP/two-leaves.xml" SIG413 "two signer candidates"

# 2. A partial signature: an XPath transform leaves officialName out, which is then changed.
XPATH='<Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><XPath>not(ancestor-or-self::*[local-name()="officialName"])</XPath></Transform>'
template "$TMP/t-xpath.xml" "$ENV$XPATH$EXC" "$X509"
xsign "$P/legit.key" "$P/legit.pem" "$TMP/t-xpath.xml" "$TMP/xpath.xml"
sub ">Muster</eCH-0044:officialName>" ">Evil</eCH-0044:officialName>" "$TMP/xpath.xml" "$TMP/partial.xml"
refused "$TMP/partial.xml" SIG412 "XPath transform that leaves a name unsigned"
expect_in "$err" "REC-xpath-19991116" "the refused transform is named"
FILTER2='<Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2"><XPath xmlns="http://www.w3.org/2002/06/xmldsig-filter2" Filter="subtract">//*[local-name()="officialName"]</XPath></Transform>'
template "$TMP/t-f2.xml" "$ENV$FILTER2$EXC" "$X509"
xsign "$P/legit.key" "$P/legit.pem" "$TMP/t-f2.xml" "$TMP/f2.xml"
sub ">Muster</eCH-0044:officialName>" ">Evil</eCH-0044:officialName>" "$TMP/f2.xml" "$TMP/partial2.xml"
refused "$TMP/partial2.xml" SIG412 "XPath Filter 2 transform"

# 3. Nothing is fetched, opened or executed: RetrievalMethod to a local HTTP server and to a
# file, and an XSLT transform with exponential recursion.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$TMP" >"$TMP/http.log" 2>&1 &
HTTP=$!
trap 'kill $HTTP 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do curl -s "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
: > "$TMP/http.log"
for uri in "http://127.0.0.1:$PORT/key.xml" "file:///etc/passwd"; do
  sub "<KeyInfo>" "<KeyInfo><RetrievalMethod URI=\"$uri\" Type=\"${DS}X509Data\"/>" \
    "$TMP/legit.xml" "$TMP/retrieval.xml"
  refused "$TMP/retrieval.xml" SIG413 "RetrievalMethod to $uri"
  expect_not_in "$err" "root:" "nothing of /etc/passwd printed ($uri)"
done
[ -s "$TMP/http.log" ] && fail "verify fetched: $(cat "$TMP/http.log")" || pass "no HTTP request reached the server"
XSLT='<Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/"><xsl:call-template name="f"><xsl:with-param name="n" select="40"/></xsl:call-template></xsl:template><xsl:template name="f"><xsl:param name="n"/><xsl:if test="$n &gt; 0"><xsl:call-template name="f"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template><xsl:call-template name="f"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:if></xsl:template></xsl:stylesheet></Transform>'
sub "<Transforms>" "<Transforms>$XSLT" "$TMP/legit.xml" "$TMP/xslt.xml"
out=$(timeout 30 "$OZG" verify --trust "$P/ca.pem" "$TMP/xslt.xml" 2>&1) && rc=0 || rc=$?
expect_rc 4 "XSLT transform refused without running it (timeout 30 s would give 124)"
expect_in "$out" "[SIG412]" "XSLT: SIG412"
# A CanonicalizationMethod other than exclusive C14N.
sub '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' \
  '<CanonicalizationMethod Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>' \
  "$TMP/legit.xml" "$TMP/c14n.xml"
refused "$TMP/c14n.xml" SIG412 "XSLT as the canonicalisation method"

# Issue 11.2: sign checks that the key belongs to the certificate; nothing is written.
openssl ecparam -name prime256v1 -genkey -noout -out "$P/ec.key" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/other.key" 2>/dev/null
for k in ec other; do
  run sign --key "$P/$k.key" --cert "$P/legit.pem" "$MSG" -o "$TMP/wrong-$k.xml"
  expect_rc 4 "sign with the $k key and the legit certificate"
  expect_in "$err" "[SIG414]" "$k key: SIG414"
  expect_in "$err" "does not belong to the certificate" "$k key: said why"
  [ -e "$TMP/wrong-$k.xml" ] && fail "$k key: output written" || pass "$k key: nothing written"
done

# Issue 11.10: an encrypted key and no password: no OpenSSL prompt, the options named.
openssl pkey -in "$P/legit.key" -aes256 -passout pass:geheim -out "$P/enc.key" 2>/dev/null
out=$(env -u OZG_KEY_PASS -u OZG_P12_PASS setsid "$OZG" sign --key "$P/enc.key" --cert "$P/legit.pem" \
  "$MSG" -o "$TMP/enc.xml" </dev/null 2>&1) && rc=0 || rc=$?
expect_rc 4 "encrypted key without a password"
expect_in "$out" "--pass-file" "the password options are named"
expect_not_in "$out" "pass phrase" "OpenSSL did not prompt"
out=$(OZG_KEY_PASS=falsch "$OZG" sign --key "$P/enc.key" --cert "$P/legit.pem" "$MSG" -o "$TMP/enc.xml" 2>&1) && rc=0 || rc=$?
expect_rc 4 "encrypted key with a wrong password"
expect_in "$out" "wrong password" "a wrong password is named"
out=$(OZG_KEY_PASS=geheim "$OZG" sign --key "$P/enc.key" --cert "$P/legit.pem" "$MSG" -o "$TMP/enc.xml" 2>&1) && rc=0 || rc=$?
expect_rc 0 "encrypted key with its password"

# Hostile input through sign and verify: the codes of ozg validate, and libxml2 prints nothing.
H=$DATA/hostile
for f in xxe-external-entity:XML003 billion-laughs:XML003 billion-laughs-element-content:XML003 \
         deep-nesting:XML005 latin1-declared-utf8:XML004 unsupported-encoding:XML004 \
         empty:XML002 whitespace-only:XML002; do
  file=$H/${f%%:*}.xml code=${f##*:}
  run sign --key "$P/legit.key" --cert "$P/legit.pem" "$file" -o "$TMP/h.xml"
  expect_rc 3 "sign ${f%%:*}"
  expect_in "$err" "[$code]" "sign ${f%%:*}: $code"
  expect_not_in "$err" "C14N" "sign ${f%%:*}: no raw libxml2 output"
  run verify --trust "$P/ca.pem" "$file"
  expect_rc 4 "verify ${f%%:*}"
  expect_in "$err" "[$code]" "verify ${f%%:*}: $code"
done
mkfifo "$TMP/fifo"
out=$(timeout 10 "$OZG" sign --key "$P/legit.key" --cert "$P/legit.pem" "$TMP/fifo" 2>&1) && rc=0 || rc=$?
expect_rc 3 "sign on a FIFO does not block"
expect_in "$out" "[XML007]" "sign FIFO: XML007"
out=$(timeout 10 "$OZG" verify --trust "$P/ca.pem" "$TMP/fifo" 2>&1) && rc=0 || rc=$?
expect_rc 3 "verify on a FIFO does not block"
# verify -f json uses the one JSON form of a diagnostic (it dropped severity and column).
out=$("$OZG" verify --trust "$P/ca.pem" -f json "$TMP/partial.xml" 2>/dev/null) || true
python3 -c 'import json,sys; d=json.load(sys.stdin)[0]["diagnostics"][0]; assert d["severity"] == "error" and d["code"] == "SIG412" and "column" in d and d["line"] > 0, d' <<< "$out" &&
  pass "verify -f json: severity, code, line and column" || fail "verify -f json: $out"
# libxml2 stops at a NUL byte as Xerces does: a good signature with bytes appended after a NUL
# must not verify, and such a file is not signed.
{ cat "$TMP/legit.xml"; printf '\0<evil>Mallory</evil>'; } > "$TMP/appended.xml"
refused "$TMP/appended.xml" XML001 "a signed message with bytes appended after a NUL"
expect_in "$err" "NUL byte (0x00)" "the NUL byte is named"
run sign --key "$P/legit.key" --cert "$P/legit.pem" "$TMP/appended.xml" -o "$TMP/appended-signed.xml"
expect_rc 3 "sign refuses a NUL byte"
[ -e "$TMP/appended-signed.xml" ] && fail "signed a file with a NUL byte" || pass "nothing written"
finish
