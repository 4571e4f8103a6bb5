# ozg sign / ozg verify with a test PKI made now with openssl (no key is committed): RSA and
# ECDSA, interoperability with xmlsec1 in both directions, and one code per failure.
. "$(dirname "$0")/../lib.sh"
command -v openssl >/dev/null || skip "openssl not installed (scripts/install-deps installs it)"
P=$TMP/pki
mkdir -p "$P"
ca() {  # ca NAME: a self-signed CA
  openssl req -x509 -newkey rsa:3072 -nodes -keyout "$P/$1.key" -out "$P/$1.pem" -days 30 \
    -subj "/O=ozg tests/CN=$1" 2>/dev/null
}
leaf() {  # leaf NAME CA KEYSPEC START END: a signer certificate (openssl ca sets the dates)
  mkdir -p "$P/db-$2"
  : > "$P/db-$2/index.txt"
  [ -f "$P/db-$2/serial" ] || echo 1000 > "$P/db-$2/serial"
  cat > "$P/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
database = $P/db-$2/index.txt
serial = $P/db-$2/serial
new_certs_dir = $P/db-$2
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
organizationName = optional
CNF
  openssl req -new -newkey "$3" -nodes -keyout "$P/$1.key" -out "$P/$1.csr" \
    -subj "/O=Gemeinde Beispielwil/CN=$1" 2>/dev/null
  openssl ca -batch -config "$P/ca.cnf" -cert "$P/$2.pem" -keyfile "$P/$2.key" -in "$P/$1.csr" \
    -out "$P/$1.pem" -startdate "$4" -enddate "$5" -notext >/dev/null 2>&1
}
ca ca
ca otherca
now=$(date -u +%Y%m%d%H%M%SZ)
later=$(date -u -d '+10 days' +%Y%m%d%H%M%SZ)
leaf rsa ca rsa:2048 "$now" "$later"
leaf ec ca ec:<(openssl ecparam -name prime256v1) "$now" "$later"
leaf expired ca rsa:2048 "$(date -u -d '-20 days' +%Y%m%d%H%M%SZ)" "$(date -u -d '-10 days' +%Y%m%d%H%M%SZ)"
leaf weak ca rsa:1024 "$now" "$later"
# A certificate for encryption only (keyUsage keyEncipherment).
printf 'keyUsage = critical, keyEncipherment\n' > "$P/enc.ext"
openssl req -new -newkey rsa:2048 -nodes -keyout "$P/enc.key" -out "$P/enc.csr" -subj "/CN=enc" 2>/dev/null
openssl x509 -req -in "$P/enc.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -CAcreateserial -days 2 \
  -extfile "$P/enc.ext" -out "$P/enc.pem" 2>/dev/null
[ -s "$P/rsa.pem" ] && [ -s "$P/ec.pem" ] && [ -s "$P/expired.pem" ] || { echo "FAIL: could not make the test PKI"; exit 1; }
MSG=$SAMPLES/valid/ech0020-v3-move-in.xml

for k in rsa ec; do
  run sign --key "$P/$k.key" --cert "$P/$k.pem" "$MSG" -o "$TMP/$k-signed.xml"
  expect_rc 0 "sign with $k"
  run verify --trust "$P/ca.pem" "$TMP/$k-signed.xml"
  expect_rc 0 "ozg verifies its own $k signature"
  expect_in "$err" "signature good, signed by O=Gemeinde Beispielwil,CN=$k (issuer CN=ca,O=ozg tests" "$k signer shown"
  xmlsec1 --verify --trusted-pem "$P/ca.pem" "$TMP/$k-signed.xml" >/dev/null 2>&1 &&
    pass "xmlsec1 verifies ozg's $k signature" || fail "xmlsec1 rejects ozg's $k signature"
  sed 's/Muster/Mustar/' "$TMP/$k-signed.xml" > "$TMP/$k-tampered.xml"
  run verify --trust "$P/ca.pem" "$TMP/$k-tampered.xml"
  expect_rc 4 "one changed character ($k)"
  expect_in "$err" "[SIG403]" "tampering named ($k)"
  xmlsec1 --verify --trusted-pem "$P/ca.pem" "$TMP/$k-tampered.xml" >/dev/null 2>&1 &&
    fail "xmlsec1 accepts a tampered copy" || pass "xmlsec1 rejects the tampered copy ($k)"
done

# xmlsec1 signs with a template; ozg verifies.
for k in rsa ec; do
  method=http://www.w3.org/2001/04/xmldsig-more#rsa-sha256
  [ $k = ec ] && method=http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256
  sed "s|</eCH-0020:delivery>|<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo><CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><SignatureMethod Algorithm=\"$method\"/><Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/><Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></Transforms><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature></eCH-0020:delivery>|" "$MSG" > "$TMP/$k-template.xml"
  if xmlsec1 --sign --privkey-pem "$P/$k.key,$P/$k.pem" --output "$TMP/$k-xmlsec.xml" "$TMP/$k-template.xml" >/dev/null 2>&1; then
    run verify --trust "$P/ca.pem" "$TMP/$k-xmlsec.xml"
    expect_rc 0 "ozg verifies xmlsec1's $k signature"
  else
    fail "xmlsec1 could not sign the $k template"
  fi
done

run verify --trust "$P/ca.pem" "$MSG"
expect_rc 4 "unsigned message"
expect_in "$err" "[SIG401]" "missing signature named"
run verify --trust "$P/otherca.pem" "$TMP/rsa-signed.xml"
expect_rc 4 "unknown CA"
expect_in "$err" "is not trusted: unable to get local issuer certificate [SIG404]" "unknown CA named"
run sign --key "$P/expired.key" --cert "$P/expired.pem" "$MSG" -o "$TMP/expired-signed.xml"
run verify --trust "$P/ca.pem" "$TMP/expired-signed.xml"
expect_rc 4 "expired certificate"
expect_in "$err" "[SIG405]" "expiry named"
# The certificate in KeyInfo swapped for another one of the same CA: the value no longer verifies.
other=$(sed '/-----/d' "$P/ec.pem" | tr -d '\n')
awk -v c="$other" '/<X509Certificate>/{print "<X509Certificate>" c "</X509Certificate>"; skip=1; next} skip&&/<\/X509Certificate>/{skip=0; next} !skip' "$TMP/rsa-signed.xml" > "$TMP/swapped.xml"
run verify --trust "$P/ca.pem" "$TMP/swapped.xml"
expect_rc 4 "swapped certificate"
expect_in "$err" "[SIG40" "swap rejected with a signature code"
sed 's|<SignatureMethod [^>]*/>||' "$TMP/rsa-signed.xml" > "$TMP/malformed.xml"
run verify --trust "$P/ca.pem" "$TMP/malformed.xml"
expect_rc 4 "malformed signature block"
expect_in "$err" "[SIG402]" "malformed block named"
run sign --key "$P/weak.key" --cert "$P/weak.pem" "$MSG" -o "$TMP/weak-signed.xml"
run verify --trust "$P/ca.pem" "$TMP/weak-signed.xml"
expect_rc 4 "RSA-1024 signer"
expect_in "$err" "has only 1024 bits [SIG407]" "weak key named"
run verify --allow-weak --trust "$P/ca.pem" "$TMP/weak-signed.xml"
expect_rc 0 "weak key accepted on request"
run sign --key "$P/enc.key" --cert "$P/enc.pem" "$MSG" -o "$TMP/enc-signed.xml"
run verify --trust "$P/ca.pem" "$TMP/enc-signed.xml"
expect_rc 4 "certificate not meant for signatures"
expect_in "$err" "key usage does not allow signatures [SIG408]" "key usage named"
run sign --key "$P/rsa.key" --cert "$P/rsa.pem" "$TMP/rsa-signed.xml"
expect_rc 4 "signing a signed message"
expect_in "$err" "is already signed [SIG409]" "refusal named"
run sign --replace --key "$P/rsa.key" --cert "$P/rsa.pem" "$TMP/rsa-signed.xml" -o "$TMP/resigned.xml"
expect_rc 0 "--replace signs anew"
[ "$(grep -c '<Signature xmlns' "$TMP/resigned.xml")" = 1 ] && pass "exactly one signature after --replace" || fail "signatures piled up"
# PKCS#12 with the password in a file, never on the command line.
openssl pkcs12 -export -inkey "$P/rsa.key" -in "$P/rsa.pem" -certfile "$P/ca.pem" -out "$P/rsa.p12" -passout pass:geheim 2>/dev/null
printf 'geheim\n' > "$P/pw.txt"
run sign --p12 "$P/rsa.p12" --pass-file "$P/pw.txt" "$MSG" -o "$TMP/p12-signed.xml"
expect_rc 0 "sign with PKCS#12"
run verify --trust "$P/ca.pem" "$TMP/p12-signed.xml"
expect_rc 0 "PKCS#12 signature verifies"
# On a terminal and with no password given, ozg asks for it without echo (in the user's language).
if command -v script >/dev/null; then
  tty_out=$(printf 'geheim\n' | OZG_P12_PASS= script -qec "$OZG --lang de sign --p12 '$P/rsa.p12' '$MSG' -o '$TMP/asked.xml'; echo rc=\$?" /dev/null 2>&1)
  expect_in "$tty_out" "Passwort für $P/rsa.p12: " "password asked for on the terminal, in German"
  expect_in "$tty_out" "rc=0" "signed with the password typed in"
  [ -s "$TMP/asked.xml" ] && pass "signed file written after the prompt" || fail "no signed file after the prompt"
else
  echo "note: script(1) not installed; the password prompt is not checked"
fi
printf 'falsch\n' > "$P/bad.txt"
run sign --p12 "$P/rsa.p12" --pass-file "$P/bad.txt" "$MSG" -o "$TMP/never.xml"
expect_rc 4 "wrong password"
[ ! -e "$TMP/never.xml" ] && pass "no output after a failed signing" || fail "output written after a failure"
# Signature wrapping: a second signature, or the signature moved into a child element.
python3 - "$TMP/rsa-signed.xml" "$TMP/two.xml" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
sig = t[t.index('<Signature xmlns'):t.index('</Signature>') + len('</Signature>')]
open(sys.argv[2], "w", encoding="utf-8").write(t.replace(sig, sig + sig))
PY
run verify --trust "$P/ca.pem" "$TMP/two.xml"
expect_rc 4 "two signatures"
expect_in "$err" "2 signatures; exactly one enveloped signature is accepted [SIG406]" "wrapping refused"
sed 's|</eCH-0020:deliveryHeader>|<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/></eCH-0020:deliveryHeader>|' "$MSG" > "$TMP/nested.xml"
run verify --trust "$P/ca.pem" "$TMP/nested.xml"
expect_rc 4 "signature not under the document element"
expect_in "$err" "the signature is not a child of the document element [SIG406]" "nested signature refused"
# A chain in KeyInfo, a folder signed in one call, JSON and a trust directory.
mkdir -p "$TMP/outbox" "$TMP/trustdir"
cp "$MSG" "$TMP/outbox/a.xml"; cp "$SAMPLES/valid/ech0020-v2-birth.xml" "$TMP/outbox/b.xml"
run sign --key "$P/ec.key" --cert "$P/ec.pem" --chain "$P/ca.pem" "$TMP/outbox" -o "$TMP/signed"
expect_rc 0 "sign a folder into a folder"
[ -f "$TMP/signed/a.xml" ] && [ -f "$TMP/signed/b.xml" ] && pass "both signed files written" || fail "signed files missing"
[ "$(grep -c '<X509Certificate>' "$TMP/signed/a.xml")" = 2 ] && pass "signer and chain in KeyInfo" || fail "chain not in KeyInfo"
cp "$P/ca.pem" "$TMP/trustdir/"
openssl rehash "$TMP/trustdir" >/dev/null 2>&1 || c_rehash "$TMP/trustdir" >/dev/null 2>&1
run verify --trust-dir "$TMP/trustdir" -f json "$TMP/signed"
expect_rc 0 "verify a folder against a trust directory"
expect_in "$out" '"valid": true' "JSON verdict"
expect_in "$out" '"subject": "O=Gemeinde Beispielwil,CN=ec"' "JSON signer"
expect_snake_keys "$out" "verify -f json"
run verify "$TMP/signed"
expect_rc 2 "no trust anchors given"
# A detached signature leaves the message unchanged (and schema-valid); it names the message by
# file name and covers its exact bytes. xmlsec1 verifies it too (from the message's folder).
mkdir -p "$TMP/det"
cp "$MSG" "$TMP/det/msg.xml"
run sign --key "$P/rsa.key" --cert "$P/rsa.pem" --detached "$TMP/det/msg.sig.xml" "$TMP/det/msg.xml"
expect_rc 0 "detached signature"
cmp -s "$MSG" "$TMP/det/msg.xml" && pass "message unchanged" || fail "message changed by --detached"
run verify --trust "$P/ca.pem" --detached "$TMP/det/msg.sig.xml" "$TMP/det/msg.xml"
expect_rc 0 "detached signature verifies"
(cd "$TMP/det" && xmlsec1 --verify --trusted-pem "$P/ca.pem" msg.sig.xml >/dev/null 2>&1) &&
  pass "xmlsec1 verifies the detached signature" || fail "xmlsec1 rejects the detached signature"
sed 's/Muster/Mustar/' "$MSG" > "$TMP/det/changed.xml"
cp "$TMP/det/changed.xml" "$TMP/det/msg.xml"
run verify --trust "$P/ca.pem" --detached "$TMP/det/msg.sig.xml" "$TMP/det/msg.xml"
expect_rc 4 "changed message, detached signature"
expect_in "$err" "$TMP/det/msg.sig.xml:" "finding located in the signature file"
expect_in "$err" "[SIG403]" "detached tampering named"
run verify --trust "$P/ca.pem" --detached "$TMP/det/msg.sig.xml" "$TMP/det/changed.xml"
expect_rc 4 "detached signature for another file"
expect_in "$err" "the detached signature covers 'msg.xml', not changed.xml [SIG406]" "wrong file named"
grep -rq "PRIVATE KEY" "$TMP"/*.xml && fail "a private key ended up in a signed file" || pass "no private key in any output"
finish
