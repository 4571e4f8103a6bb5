# Header and envelope rules on real sedex pairs (changed copies made at test time), rule
# severities from --rule and from a config file, and ozg explain.
. "$(dirname "$0")/../lib.sh"
corpus_repo
pair=$CORPUS/ech/messages/valid/eCH-0020-v1/ordipro/moveIn
mkdir -p "$TMP/inbox"
cp "$pair/data_ordipro-moveIn-21.xml" "$TMP/inbox/data_7.xml"
cp "$pair/envl_ordipro-moveIn-21.xml" "$TMP/inbox/envl_7.xml"
run validate "$TMP/inbox"
expect_rc 0 "an agreeing sedex pair"
sed -e 's/>3-CH-6</>3-CH-7</' "$pair/envl_ordipro-moveIn-21.xml" > "$TMP/inbox/envl_7.xml"
run validate "$TMP/inbox/data_7.xml"
expect_rc 1 "envelope names another sender"
expect_in "$err" "error: senderId '3-CH-6' differs from the envelope's '3-CH-7' ($TMP/inbox/envl_7.xml) [HDR611]" "sender mismatch located"
run validate --envelope "$pair/envl_ordipro-moveIn-21.xml" "$TMP/inbox/data_7.xml"
expect_rc 0 "--envelope names the right envelope"
run validate --envelope "$pair/envl_ordipro-moveIn-21.xml" "$TMP/inbox/data_7.xml" "$TMP/inbox/envl_7.xml"
expect_rc 2 "--envelope with two inputs"
run validate --rule HDR611=warning "$TMP/inbox/data_7.xml"
expect_rc 0 "a rule lowered to a warning"
expect_in "$err" "warning: senderId '3-CH-6' differs" "lowered severity shown"
printf 'rules:\n  HDR611: off\n' > "$TMP/ozg.yaml"
run validate --config "$TMP/ozg.yaml" "$TMP/inbox/data_7.xml"
expect_rc 0 "a rule switched off in the config file"
expect_not_in "$err" "HDR611" "switched-off rule not reported"
OZG_CONFIG=$TMP/ozg.yaml run validate --rule HDR611=error "$TMP/inbox/data_7.xml"
expect_rc 1 "--rule wins over the config file"
printf 'rules:\n  HDR611: sometimes\n' > "$TMP/bad.yaml"
run validate --config "$TMP/bad.yaml" "$TMP/inbox/data_7.xml"
expect_rc 3 "bad config file"
expect_in "$err" "$TMP/bad.yaml:2:3: HDR611=sometimes: level must be off, note, warning or error [CFG002]" "config error located"
# Test deliveries are let through unless the rule is switched on.
v2=$CORPUS/ech/messages/valid/eCH-0020-v2/openech-testPerson/BirthTest_7561829871378.xml
run validate "$v2"
expect_rc 0 "test delivery passes by default"
run validate --rule HDR607=error "$v2"
expect_rc 1 "test delivery refused on request"
expect_in "$err" "error: this is a test delivery [HDR607]" "test flag reported"
# A message from the future.
sed -e "s|<e78:messageDate>[^<]*<|<e78:messageDate>2999-01-01T00:00:00Z<|" "$v2" > "$TMP/future.xml"
run validate "$TMP/future.xml"
expect_rc 1 "message date in the future"
expect_in "$err" "error: message date 2999-01-01T00:00:00Z lies in the future [HDR603]" "future date located"
run explain hdr612
expect_rc 0 "explain a rule"
expect_in "$out" "HDR612: envelope recipient not in the data header" "rule title"
# Issue 12: one profile for every command: a config file's severity means the same in
# validate, inspect and transform's target check.
printf 'rules:\n  HDR607: error\n' > "$TMP/strict.yaml"
M=$SAMPLES/valid/ech0020-v3-move-in.xml
run validate --config "$TMP/strict.yaml" "$M"
expect_rc 1 "validate with HDR607 as error"
out=$(OZG_CONFIG=$TMP/strict.yaml "$OZG" inspect "$M" 2>&1) && rc=0 || rc=$?
expect_rc 1 "inspect with the same config file"
expect_in "$out" "[HDR607]" "inspect names HDR607"
run inspect --rule HDR607=error "$M"
expect_rc 1 "inspect --rule"
finish
