# ozg inspect: one message of each standard in the corpus against golden text, a sedex pair, a
# folder as one sortable line per message, JSON, and a signed message (test certificate made now).
. "$(dirname "$0")/../lib.sh"
need_corpus
export OZG_HOME=$TMP/repo
"$OZG" schemas add "$CORPUS/ech/schemas" >/dev/null 2>&1
"$OZG" schemas add "$CORPUS/xoev" >/dev/null 2>&1
"$OZG" codelists add "$CORPUS/xoev/codelists" >/dev/null 2>&1
golden=$OZG_SOURCE_DIR/tests/e2e/golden/inspect.txt
actual=""
for f in ech/messages/valid/eCH-0020-v1/ordipro/moveIn/data_ordipro-moveIn-21.xml \
         ech/messages/valid/eCH-0020-v2/openech-testPerson/BirthTest_7561829871378.xml \
         ech/messages/valid/eCH-0045-v6/voting-stimmunterlagen-online-service/TestEch0045v6.xml \
         ech/messages/valid/eCH-0090-v1/sedex-message-handler \
         xoev/messages/valid/xdomea/3.0.0/toolkit_0c117eca_Aussonderung.Anbieteverzeichnis.0501.xml \
         xoev/messages/valid/xschule/1.2/XSchule_Abiturzeugnis_RP_01.xml \
         xoev/messages/valid/xwasser/1.0.0/xwasser_administration_receipt.xml; do
  run inspect "$CORPUS/$f"
  actual+="\$ ozg inspect $f (exit $rc)"$'\n'"${out//$CORPUS/CORPUS}"$'\n'
done
if [ "${OZG_UPDATE_GOLDEN:-}" = 1 ]; then printf '%s' "$actual" > "$golden"; fi
if diff -u "$golden" <(printf '%s' "$actual"); then pass "inspect output matches golden"; else fail "inspect output differs from $golden"; fi

run inspect --sort date --format json "$CORPUS/ech/messages/valid/eCH-0020-v1/ordipro/moveOut"
expect_in "$out" '"envelope": {' "JSON carries the sedex envelope"
expect_in "$out" '"standard": "eCH-0020"' "JSON names the standard"

# A signed message: the signer comes from the certificate in KeyInfo (not verified here).
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/k.pem" -out "$TMP/c.pem" -days 2 \
    -subj "/C=CH/O=Gemeinde Beispielwil/CN=Einwohnerkontrolle" 2>/dev/null
  cert=$(sed '/-----/d' "$TMP/c.pem" | tr -d '\n')
  cat > "$TMP/signed.xml" <<XML
<a:msg xmlns:a="urn:ozg:test:signed"><a:body>x</a:body>
<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AA==</ds:SignatureValue>
<ds:KeyInfo><ds:X509Data><ds:X509Certificate>$cert</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature></a:msg>
XML
  run inspect --no-validate "$TMP/signed.xml"
  expect_in "$out" "signed      yes, by CN=Einwohnerkontrolle,O=Gemeinde Beispielwil,C=CH (not verified)" "signer shown"
else
  echo "note: openssl not installed; signer check skipped"
fi
run inspect "$SAMPLES/invalid/not-well-formed.xml"
expect_rc 1 "not well-formed input is a finding, as in validate"
expect_in "$err" "[XML001]" "parse error named"
finish
