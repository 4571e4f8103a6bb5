#include "xoev/diag/codes.hpp"

#include <algorithm>
#include <array>

namespace xoev {
namespace {

constexpr std::array kCodes{
    CodeInfo{"CFG001", "malformed --rule",
             "--rule takes CODE=LEVEL with a code that ozg knows ('ozg explain' lists them) "
             "and a level off, note, warning or error."},
    CodeInfo{"CFG002", "config file unusable",
             "The --config file (or $OZG_CONFIG) does not exist, is not valid YAML, or its "
             "'rules' do not map codes to off, note, warning or error. The message names the "
             "line and column."},
    CodeInfo{"CHK701", "AHV number with a wrong check digit",
             "A Swiss social security number (VN, eCH-0044 vnType, found by type) fails its "
             "EAN-13 check digit: 756, nine digits, and a 13th computed from them with the "
             "weights 1 and 3."},
    CodeInfo{"CHK702", "UID with a wrong check digit",
             "A Swiss enterprise id (UID, eCH-0021/0097 uidOrganisationIdType, found by type) "
             "fails its mod-11 check digit (weights 5 4 3 2 7 6 5 4; a remainder that gives 10 is "
             "never assigned)."},
    CodeInfo{"CHK703", "IBAN not valid",
             "An element named iban holds no valid IBAN: two letters, two check digits and the "
             "account, the whole 1 modulo 97 (ISO 13616; spaces of the printed form allowed)."},
    CodeInfo{"CHK704", "Steuer-IdNr with a wrong check digit",
             "A German tax id (Steuer-IdNr, an element named steuerIdentifikationsnummer, "
             "steuerlicheIdentifikationsnummer, steuerId or steuerIdNr) is not 11 digits with an "
             "ISO 7064 MOD 11,10 check digit."},
    CodeInfo{"CL201", "code not in code list",
             "A coded value (the <code> of an element with listURI/listVersionID) is not a key of "
             "that version of the code list. The hint names the nearest valid codes; 'ozg "
             "codelists show URI --version V' lists them all."},
    CodeInfo{"CL202", "code list not installed",
             "The message names a code list (listURI) or a version (listVersionID) that is not "
             "installed, so its codes were not checked. A warning, or an error with "
             "--strict-codelists. Placeholder versions such as 'listVersionID1' end up here too."},
    CodeInfo{"CL203", "code list unreadable",
             "An installed code list's key file cannot be read; add the list again."},
    CodeInfo{"CL204", "country not in eCH-0072",
             "A country number (countryId, eCH-0008/0010 countryIdType) or ISO code "
             "(countryIdISO2) is not in the installed eCH-0072 country list. Checked only once "
             "an eCH-0072 file has been added with 'ozg codelists add'."},
    CodeInfo{"CL205", "municipality not in eCH-0071",
             "A BFS municipality number (municipalityId, eCH-0007/0071 municipalityIdType) or "
             "historical municipality id (historyMunicipalityId) is not in the installed "
             "eCH-0071 register, which is complete. Liechtenstein's numbers 7001-7011 are not "
             "checked."},
    CodeInfo{"CL206", "municipality not in force on the event date",
             "The municipality is in the complete eCH-0071 register, but none of its entries was "
             "in force (admission date to abolition date) on the message's eventDate (or, "
             "without one, its messageDate): it had been merged away or did not exist yet. A "
             "warning; places of birth and origin are not dated."},
    CodeInfo{"CL207", "canton not in eCH-0071",
             "A canton abbreviation (cantonAbbreviation) is not one of the cantons of the "
             "installed eCH-0071 list (FL is accepted where the type allows Liechtenstein)."},
    CodeInfo{"CL208", "id not in a partial eCH list",
             "A country, canton or municipality id is missing from an installed eCH-0072/0071 "
             "table that is partial (an abridged register, or added with --coverage partial), "
             "so it may still be right. A warning; install the complete list to check it."},
    CodeInfo{"HDR601", "participant id not in sedex form",
             "In an eCH message, senderId and recipientId name the participants; sent over sedex "
             "they must be sedex ids of the form category-number-number (1-1102-1, 3-CH-6; T1-... "
             "for test participants). A warning by default, since eCH-0058 also allows other "
             "URIs; raise it with --rule HDR601=error where messages go over sedex."},
    CodeInfo{"HDR603", "message date in the future",
             "messageDate (eCH-0058/eCH-0090) or erstellungszeitpunkt (XÖV) lies more than five "
             "minutes after the current time: the sending system's clock or time zone is wrong, "
             "and registers reject such messages. Without a time zone the time is read as UTC."},
    CodeInfo{"HDR604", "nachrichtenUUID is not a UUID",
             "XÖV messages are identified by identifikation.nachricht/nachrichtenUUID, which must "
             "be a UUID (8-4-4-4-12 hexadecimal digits)."},
    CodeInfo{"HDR605", "message type does not match the root element",
             "XÖV message element names end with their message type number "
             "(administration.quittung.0020 is type 0020); a nachrichtentyp code naming another "
             "message means the header was copied from another message. A warning by default."},
    CodeInfo{"HDR607", "test delivery",
             "The header marks the message as a test (testDeliveryFlag or testData true). Off by "
             "default; switch it on (--rule HDR607=error, or =warning) where only production "
             "messages may pass."},
    CodeInfo{"HDR610", "message id differs from the envelope",
             "A sedex data file and its eCH-0090 envelope (envl_<id>.xml beside data_<id>.xml, or "
             "--envelope) name different message ids."},
    CodeInfo{"HDR611", "sender differs from the envelope",
             "The data header's senderId is not the envelope's senderId."},
    CodeInfo{"HDR612", "envelope recipient not in the data header",
             "The envelope names a recipient that the data header does not list."},
    CodeInfo{"HDR613", "message type differs from the envelope",
             "The data header's messageType is not the envelope's messageType."},
    CodeInfo{"MAP301", "mapping file unreadable",
             "The mapping file (or a file it extends or includes) is missing, is not YAML, or "
             "has errors; the location is the YAML mark of the problem. Nothing is "
             "transformed."},
    CodeInfo{"MAP302", "unknown key in a mapping",
             "A key that the mapping language does not know at that place, usually a typo; the "
             "hint names the nearest allowed key."},
    CodeInfo{"MAP303", "invalid value in a mapping",
             "A mapping key has a value of the wrong kind (a list where one value belongs, an "
             "unknown format or type, a malformed target path or value template), or a rule "
             "combines keys that cannot go together."},
    CodeInfo{"MAP304", "extends cycle",
             "A mapping extends itself, directly or through other mappings. The message lists "
             "the chain."},
    CodeInfo{"MAP305", "expression does not compile",
             "An XPath expression (from, each, context, when, copy, split or a {...} part of a "
             "value) is not XPath 1.0. String literals need quotes: 'text'."},
    CodeInfo{"MAP306", "unknown function",
             "An expression calls a function that is neither XPath 1.0's nor one of ozg's (see "
             "ozg-mapping(5)); the hint names the nearest one."},
    CodeInfo{"MAP307", "unknown or missing parameter",
             "An expression uses a $variable that is not declared under params, --param names "
             "a parameter the mapping does not declare, or a required parameter is given "
             "neither with --param nor by its environment variable."},
    CodeInfo{"MAP308", "unknown value map",
             "A rule's map: or a map('NAME', ...) call names a value map that neither the "
             "mapping nor its includes define; or an overlay (a file with extends) declares a "
             "value map that the mapping it extends does not have and no rule uses, usually a "
             "misspelt name: an overlay's value map adds to the base's map of the same name."},
    CodeInfo{"MAP309", "undeclared namespace prefix",
             "A target path or an expression uses a prefix that target.namespaces (for "
             "targets) or source.namespaces (for expressions) does not declare; JSON and CSV "
             "targets take no prefixes."},
    CodeInfo{"MAP310", "required value missing in the input",
             "A rule marked required: true found nothing in the input: its from or value was "
             "empty, or its each, context, copy or split selected no node. The location is the "
             "input node the rule was applied to, the message names the rule."},
    CodeInfo{"MAP311", "value not in value map",
             "A value has no translation in the value map and the map has no default. Add the "
             "value to the map (or an overlay's copy of it), or give the map a default."},
    CodeInfo{"MAP312", "function failed",
             "A function could not do its work on the input: a date that does not match its "
             "format or is no calendar date, an invalid regular expression, a code that is not "
             "in the code list, a code list that is not installed, a result of replace(), "
             "regex-replace() or pad() longer than 16 MiB."},
    CodeInfo{"MAP313", "target not in the target schema",
             "ozg mapping check: a target path names an element or attribute that the target "
             "schema does not allow at that place (the hint lists what is allowed), or a CSV "
             "column that target.columns does not declare."},
    CodeInfo{"MAP314", "required target element not produced",
             "ozg mapping check: the target schema requires an element or attribute that no "
             "rule produces. Add a rule for it, with a default if the source may lack the "
             "value."},
    CodeInfo{"MAP315", "output not valid against the target schema",
             "The produced document does not validate against the target schema; its schema "
             "findings (XSD1xx) are listed with the element path. The output is not written; "
             "--no-validate writes it anyway."},
    CodeInfo{"MAP316", "example output differs",
             "ozg mapping test: the output for a shipped example differs from the expected "
             "file (compared canonically: whitespace between elements, namespace prefixes and "
             "attribute order do not matter). The diff follows."},
    CodeInfo{"MAP317", "input not readable in the source format",
             "The input is not valid JSON or not a well-formed CSV record. XML inputs report "
             "XML0xx codes instead, and an input larger than the engine reads XML010."},
    CodeInfo{"MAP318", "overlay rule matches ambiguously or not at all",
             "An overlay's rule matches several rules of the base by target path (the first is "
             "replaced; name the base rules), or its remove: true matches none."},
    CodeInfo{"MAP319", "expression failed at run time",
             "An expression could not be evaluated on the input (for example a wrong type, or "
             "each/copy/context selecting a string instead of nodes)."},
    CodeInfo{"MAP320", "input refused by the mapping",
             "A rule with 'fail:' applied to the input: the mapping knows it cannot convert such "
             "input without losing or inventing data (for example an event type it does not "
             "cover). The message is the mapping's; the location is the input node."},
    CodeInfo{"MAP321", "mapping too large",
             "A mapping, with every file it extends and includes, may hold 100,000 YAML nodes "
             "and 4 MiB. Each alias (*name) counts as a copy of all the nodes of its anchor "
             "(&name), which is how ozg reads it, so nested aliases cannot make a small file "
             "stand for billions of rules. An alias inside the node it names (an endless "
             "structure) and YAML nested 500 levels deep are refused too. The location "
             "is the alias or node where the limit was passed."},
    CodeInfo{"MAP322", "file outside the mapping's folder",
             "extends, include, target.schema and the input and output files of examples name "
             "files relative to the mapping file, and only inside its folder: the folder of the "
             "mapping given on the command line, or "
             "the nearest folder above it that holds an ozg-package.yaml (a package of "
             "mappings). Absolute paths and paths that lead outside, through '..' or a symbolic "
             "link, are refused without the file being opened, so a shared mapping cannot read "
             "(and quote in its diagnostics) other files of the machine, and a copied folder of "
             "mappings passes 'ozg mapping test' as the original does."},
    CodeInfo{"MAP323", "expression too expensive",
             "One evaluation of an expression took more than 100 million XPath steps (libxml2's "
             "operation count), or 200 per node of the input if that is more: far more than a "
             "linear expression needs. Such an expression grows faster than its input, usually a "
             "'//' or count() inside a predicate, which makes every node visit every other. The "
             "message names the rule; rewrite the expression relative to the context node."},
    CodeInfo{"MAP324", "input skipped: not a document the mapping reads",
             "A file found in a folder given to ozg transform is not a document the mapping "
             "reads: its document element is none of the mapping's source.root (a sedex "
             "envelope beside the deliveries, a delivery of another version). It is skipped, "
             "counted as skipped in the summary and does not fail the run; the note says what "
             "the mapping reads and what the file is. A file named on the command line is "
             "refused instead (MAP320)."},
    CodeInfo{"NET001", "download failed",
             "ozg schemas fetch could not download the URL: DNS, connection or TLS failure, "
             "timeout (20 s to connect, 120 s in total), HTTP status 400 or above (after at most "
             "5 redirects), or a body larger than 256 MiB. The message names the URL and the "
             "cause."},
    CodeInfo{"NET002", "URL scheme not supported",
             "ozg schemas fetch only accepts http:// and https:// URLs; for a local folder or "
             "file use ozg schemas add."},
    CodeInfo{"NET003", "libcurl cannot be loaded",
             "ozg loads libcurl (Debian package libcurl4) only when a command sends over "
             "HTTPS or downloads (ozg send --to https://..., ozg schemas fetch), so that "
             "validation starts faster. It could not be loaded, or is older than 7.85: the "
             "message says why. Install libcurl4; $OZG_LIBCURL names another copy."},
    CodeInfo{"REPO001", "repository index unreadable",
             "The repository's index.json cannot be read, is corrupt or was written by "
             "another version of ozg. Remove the repository folder and add the schemas again "
             "('ozg schemas add DIR')."},
    CodeInfo{"REPO002", "schema source not found",
             "The file or folder given to 'ozg schemas add' (or a file the repository lists) "
             "does not exist or cannot be read."},
    CodeInfo{"REPO003", "no schema files",
             "The source given to 'ozg schemas add' is not an .xsd file and holds none."},
    CodeInfo{"REPO004", "schema not in the repository",
             "--schema or 'ozg schemas show' names a schema, bundle or namespace the "
             "repository does not hold. 'ozg schemas list' shows what is installed."},
    CodeInfo{"REPO005", "schema or catalog not readable",
             "An .xsd or OASIS catalog file is not well-formed XML; the message names the "
             "file, line and column."},
    CodeInfo{"REPO006", "cannot write a file or folder",
             "ozg could not create or write a file or folder it was asked to write: the "
             "repository, a code list, a report (-o), a signed or transformed output. The "
             "message names the path and the system's reason (permissions, disk full, a "
             "folder where a file was expected)."},
    CodeInfo{"REPO007", "invalid bundle name",
             "A bundle name may hold letters, digits, '.', '_' and '-' only."},
    CodeInfo{"REPO008", "not a schema archive",
             "The file given to 'ozg schemas add' is neither an .xsd nor a zip or tar "
             "archive of schemas, or the archive is damaged."},
    CodeInfo{"REPO009", "ambiguous schema name",
             "--schema (or 'ozg schemas show') matches several schemas; name one by its "
             "repository path (see 'ozg schemas list')."},
    CodeInfo{"REPO010", "archive refused",
             "A schema archive has an entry that points outside the archive (../ or an "
             "absolute path) or unpacks to more than 512 MiB; nothing is unpacked."},
    CodeInfo{"REPO011", "not a genericode code list",
             "A file given to 'ozg codelists add' is not a genericode (OASIS Code List "
             "Representation) document, or lacks its CanonicalUri or Version."},
    CodeInfo{"REPO012", "libarchive cannot be loaded",
             "ozg loads libarchive (Debian package libarchive13) only to unpack a zip or tar "
             "archive of schemas, so that other commands start faster. It could not be loaded "
             "or is too old: the message says why. Install libarchive13; $OZG_LIBARCHIVE names "
             "another copy."},
    CodeInfo{"SCH201", "Schematron assertion failed",
             "A rule of the standard's Schematron (installed with 'ozg schematron add') does not "
             "hold for the message. The message is the rule's own text, followed by the "
             "assertion's id; the location is that of the node the rule is about. The rule's "
             "flag or role sets the severity (fatal and error: error; warning; information: "
             "note); without one it is an error."},
    CodeInfo{"SCH202", "Schematron report",
             "A Schematron sch:report whose test holds for the message: the rule's authors "
             "want it reported. Severity as for SCH201."},
    CodeInfo{"SCH210", "Schematron engine not available",
             "Schematron rules are installed for the message's namespace, but the engine is "
             "missing: ozg runs them with Saxon-HE in a Java VM, from the Debian packages "
             "default-jre-headless and libsaxonhe-java. A note, or an error with "
             "--strict-schematron; with --scenarios always an error, as no scenario can be "
             "chosen without it. $OZG_LIBJVM and $OZG_SAXON_JAR point to other copies."},
    CodeInfo{"SCH211", "Schematron skipped: the schema step failed",
             "Schematron rules are written for schema-valid messages, so they run only when the "
             "schema step found no error (as in KoSIT's validator). Fix the schema errors first."},
    CodeInfo{"SCH212", "Schematron rules do not compile",
             "The installed Schematron file (or the XSLT ozg generates from it) has an error "
             "that Saxon names in the message; the message was not checked against it."},
    CodeInfo{"SCH213", "Schematron rules failed on the message",
             "A rule raised an XPath error on this message (for example a type error on an "
             "unexpected value), or Saxon could not read the message; its verdict is unknown."},
    CodeInfo{"SCH220", "not an ISO Schematron file",
             "A file given to 'ozg schematron add' (or one it includes) is not well-formed, "
             "not ISO Schematron (namespace http://purl.oclc.org/dsdl/schematron), includes a "
             "remote file, or uses a queryBinding other than XSLT/XPath."},
    CodeInfo{"SCH221", "Schematron file not installed",
             "'ozg schematron remove' names no installed Schematron file or namespace."},
    CodeInfo{"SCH222", "namespace of the Schematron rules unknown",
             "ozg applies a Schematron file to messages whose root element is in a namespace its "
             "rules name (the first element of each rule's context); when no rule names one, "
             "give it with 'ozg schematron add --namespace URI'."},
    CodeInfo{"SCH230", "KoSIT scenarios file unusable",
             "The file given with --scenarios cannot be read, is not well-formed or hostile "
             "(DOCTYPE, depth, size), is not a KoSIT scenarios document (<scenarios> in "
             "http://www.xoev.de/de/validator/framework/1/scenarios), or a scenario lacks its "
             "name, match, XML Schema resource (ozg takes exactly one) or a resource's location, "
             "or has a customLevel other than error, warning, information; or a match does not "
             "compile as XPath 2.0. The message names the line."},
    CodeInfo{"SCH231", "scenario resource missing",
             "A resource of a scenario (XSD, Schematron XSLT, report XSL, noScenarioReport), or a "
             "file a stylesheet includes, is not a readable, well-formed file under the "
             "repository (--repository). A location with an unexpanded build placeholder such "
             "as @xrechnung.version@ comes from the source of a configuration: use the built "
             "scenarios.xml and its resources."},
    CodeInfo{"SCH232", "scenario resource outside the repository",
             "A resource location (or an xsl:include/xsl:import of a stylesheet) is absolute, "
             "a URI, or leads out of the repository folder with ../ or a symbolic link; ozg "
             "loads only files inside the repository and nothing from a network."},
    CodeInfo{"SCH233", "no scenario matches",
             "No scenario's match holds on the document, or more than one does (KoSIT takes a "
             "document that matches exactly one). The document is rejected; the message names "
             "its root element and namespace."},
    CodeInfo{"SCH234", "rejected by acceptMatch",
             "The scenario's acceptMatch XPath does not hold on the report its createReport "
             "stylesheet made, so the document is rejected, whatever its other findings."},
    CodeInfo{"SCH235", "scenario report not made",
             "The createReport stylesheet failed, or the acceptMatch XPath does not compile or "
             "raised an error; the acceptance is unknown, so the document is rejected."},
    CodeInfo{"SCH236", "unexpanded placeholder in a scenario",
             "A match or acceptMatch holds a build placeholder such as @xrechnung.spec.id@: the "
             "scenarios file is the source of a configuration, not a built one."},
    CodeInfo{
        "SIG400", "signature library unavailable",
        "libxmlsec1 (OpenSSL backend) could not be initialised; reinstall libxmlsec1-openssl."},
    CodeInfo{"SIG401", "message not signed", "The message carries no ds:Signature element."},
    CodeInfo{"SIG402", "malformed signature block",
             "The ds:Signature element cannot be processed: required parts are missing, an "
             "algorithm is unsupported, or KeyInfo holds no X.509 certificate."},
    CodeInfo{"SIG403", "signature does not match the content",
             "The signature value or the reference digest does not verify: the message was "
             "changed after it was signed, or the certificate in KeyInfo is not the signer's."},
    CodeInfo{"SIG404", "signer certificate not trusted",
             "The signer certificate does not chain to a trust anchor given with --trust or "
             "--trust-dir (unknown CA, missing intermediate, revoked or otherwise unverifiable)."},
    CodeInfo{"SIG405", "signer certificate expired or not yet valid",
             "The current time is outside the signer certificate's validity period."},
    CodeInfo{"SIG406", "signature does not cover the document",
             "Only one enveloped signature over the whole document (Reference URI=\"\" with the "
             "enveloped-signature transform, the signature a child of the document element) is "
             "accepted. Several signatures, references to parts or detached references could "
             "leave the content that is processed unsigned (signature wrapping)."},
    CodeInfo{"SIG407", "weak algorithm or key",
             "SHA-1 or MD5, or an RSA key below 2048 bits. Refused unless --allow-weak (for old "
             "archives)."},
    CodeInfo{"SIG408", "key usage does not allow signing",
             "The signer certificate's keyUsage has neither digitalSignature nor nonRepudiation."},
    CodeInfo{"SIG409", "message already signed",
             "ozg sign refuses to sign a signed message; --replace removes the old signature(s)."},
    CodeInfo{"SIG410", "signing failed",
             "The key or certificate cannot be read (format, wrong password), the key is neither "
             "RSA nor ECDSA, or libxmlsec1 failed to sign."},
    CodeInfo{"SIG411", "password unreadable",
             "The --pass-file cannot be read. Passwords come from a file or the environment "
             "(OZG_P12_PASS, OZG_KEY_PASS), never from the command line."},
    CodeInfo{"SIG412", "transform not accepted",
             "The signature uses a canonicalisation or Reference transform other than the ones "
             "ozg produces (enveloped-signature, exclusive C14N with or without comments). "
             "XPath, XPath Filter 2 and XSLT transforms can leave parts of the message unsigned "
             "or run code; ozg refuses them before processing anything."},
    CodeInfo{"SIG413", "key information not accepted",
             "KeyInfo holds something other than X.509 certificates (KeyValue, RetrievalMethod, "
             "...), more than one certificate could be the signer's, or a certificate is not "
             "part of the signer's verified chain. ozg checks the signature with exactly the key "
             "of the certificate whose chain it verified, and never fetches key material."},
    CodeInfo{"SIG414", "key does not belong to the certificate",
             "ozg sign was given a private key whose public key is not the one in --cert; a "
             "signature made with it would verify for nobody. Nothing is signed."},
    CodeInfo{"TRN500", "message refused before sending",
             "ozg send validates every message first and does not send one that is invalid (or "
             "cannot be checked): the diagnostics above it say why. Fix the message, or send it "
             "anyway with --force. The refusal is journaled (verdict invalid)."},
    CodeInfo{"TRN501", "peer unreachable",
             "The connection failed, broke or timed out (DNS, connect, reset, no answer) on every "
             "attempt; ozg retried with exponential backoff (--retries, --retry-delay). Nothing "
             "was delivered. Run the same command again later: the message id travels as "
             "Idempotency-Key and the peer stores the message once."},
    CodeInfo{
        "TRN502", "TLS failure",
        "The TLS handshake failed: the server's certificate is not trusted (give its CA with "
        "--ca), its public key does not match --pin, or the server refused our client certificate "
        "(a TLS alert such as 'unknown ca', or an HTTP 400/403 answer from a server that checks it "
        "after the handshake, as nginx and ozg receive do: --cert must be issued by a CA the "
        "server trusts). Not retried: waiting does not fix a certificate."},
    CodeInfo{"TRN503", "peer refused the message",
             "The peer answered with a 4xx status: 409 (another message with this id), 413 (too "
             "large), 422 (invalid; the peer's problem document lists why), 403/404/405 (wrong URL "
             "or certificate). Not retried; sending the same message again will not help."},
    CodeInfo{"TRN504", "peer failed",
             "The peer answered 5xx or 429 on every attempt (ozg honoured Retry-After). Nothing "
             "was delivered; run the command again later."},
    CodeInfo{"TRN505", "TLS verification switched off",
             "--insecure was given: the server's certificate and name are not checked, so anyone "
             "on the path can read and change the messages. Printed on every use; for tests only."},
    CodeInfo{"TRN506", "destination folder not writable",
             "A sedex outbox or file: folder does not exist or cannot be written, or it already "
             "holds a file of that message id with other content (a message id is sent once)."},
    CodeInfo{"TRN507", "sedex envelope field missing or malformed",
             "The eCH-0090 envelope needs messageId, messageType (an integer 0..2699999), senderId "
             "and recipientId (sedex participant ids such as T1-123456-1) and an eventDate. They "
             "come from the eCH-0058 header, or from --message-type, --sender-id, --recipient-id "
             "and --event-date."},
    CodeInfo{"TRN508", "bad destination",
             "--to must be https://HOST/PATH, sedex:/OUTBOX or file:/FOLDER; plain http is "
             "refused, and HTTPS needs a client certificate (--cert/--key or --p12)."},
    CodeInfo{"TRN509", "journal not writable",
             "The journal ($OZG_JOURNAL, else $XDG_STATE_HOME/ozg/journal.jsonl, or --journal) "
             "cannot be opened, written or synced. ozg send stops: an outcome that is not on disk "
             "is never reported as delivered. When reading, lines cut short by a crash are skipped "
             "with this warning."},
    CodeInfo{"TRN510", "client certificate unusable",
             "libcurl cannot use the client certificate or key: unreadable file, wrong format, "
             "wrong password (--pass-file, OZG_P12_PASS, OZG_KEY_PASS), or a key that does not "
             "belong to the certificate."},
    CodeInfo{"TRN511", "receiver cannot start",
             "ozg receive cannot use its certificate, key or client CA, the inbox folder does not "
             "exist, or the address cannot be bound (port in use)."},
    CodeInfo{
        "TRN512", "message without usable id",
        "The message has no header id (eCH-0058 messageId, XÖV nachrichtenUUID) that can name a "
        "file and an eCH-0090 message (letters, digits and '-', at most 36). It travels under an "
        "id made from its SHA-256, so sending the same bytes again still uses the same id."},
    CodeInfo{"TRN520", "no record of the message",
             "ozg status found the given id neither in the journal nor in the receipts folder. "
             "Give the message id (or 8 or more leading characters of its SHA-256), or check "
             "--journal / OZG_JOURNAL."},
    CodeInfo{"TRN521", "sedex receipt unreadable",
             "A file in the --receipts folder is not an eCH-0090 receipt (not well-formed, has a "
             "DOCTYPE, another root element, or no statusCode or messageId); it is skipped."},
    CodeInfo{"XML001", "not well-formed XML",
             "The input is not well-formed XML (unclosed or mismatched tags, bad characters, text "
             "after the root element, ...). Nothing else is checked until it parses."},
    CodeInfo{"XML002", "empty input", "The file or stream is empty or holds only white space."},
    CodeInfo{"XML003", "DOCTYPE not allowed",
             "The input carries a document type declaration. XÖV and eCH messages never need one, "
             "and DTDs are the vehicle of XXE and entity-expansion attacks, so ozg refuses them "
             "unless --allow-doctype is given (external entities are never loaded, even then)."},
    CodeInfo{"XML004", "encoding error",
             "The bytes do not match the declared or detected encoding (for example Latin-1 "
             "bytes in a file declared as UTF-8), or the encoding is not supported."},
    CodeInfo{"XML005", "nesting too deep",
             "Elements are nested deeper than the limit (--max-depth, default 256). Real messages "
             "nest a few dozen levels; deeper nesting is treated as hostile."},
    CodeInfo{"XML006", "entity expansion limit exceeded",
             "With --allow-doctype, the internal DTD subset expands more entities than allowed "
             "(a 'billion laughs' attack)."},
    CodeInfo{"XML007", "input unreadable",
             "The file does not exist, is not a regular file, or cannot be read (permissions)."},
    CodeInfo{"XML008", "malformed xsi:schemaLocation ignored",
             "xsi:schemaLocation must hold namespace/location pairs. ozg never loads schemas from "
             "it (schemas come from the repository), so a malformed value is only a warning."},
    CodeInfo{"XML009", "external entity not loaded",
             "With --allow-doctype, the message declares an external entity (a file or URL). ozg "
             "never loads it; the reference expands to nothing, which usually makes the message "
             "invalid further on."},
    CodeInfo{"XML010", "input too large",
             "The input is larger than the command reads into memory (512 MiB by default): "
             "signing, verifying and transforming build a tree of the whole message. Validation "
             "streams and has no such limit (its limit is on single values, XML011)."},
    CodeInfo{"XML011", "value too long",
             "A single text node, attribute value, comment or CDATA section is longer than the "
             "limit (--max-value-mb, default 4 MiB). Validation streams the message, but the "
             "validator holds each value whole while it checks it, so this limit is what bounds "
             "its memory (about 25 MB plus 6 bytes per character of the longest value). Raise it "
             "for messages with large inline attachments."},
    CodeInfo{"XSD100", "schema validity error",
             "The message violates its XML Schema in a way not covered by a more specific code."},
    CodeInfo{"XSD101", "unexpected element",
             "An element appears where the schema's content model does not allow it: wrong "
             "order, wrong namespace, or not allowed at all."},
    CodeInfo{"XSD102", "missing element",
             "An element ends before all children that the schema requires are present."},
    CodeInfo{"XSD103", "invalid value",
             "A value does not fit its datatype or facet (pattern, length, enumeration, range, "
             "date format, fixed value)."},
    CodeInfo{"XSD104", "attribute error",
             "An attribute is missing, not allowed, or has an invalid value."},
    CodeInfo{"XSD105", "ID/IDREF error",
             "An IDREF points to no ID in the document, or an ID value is used twice."},
    CodeInfo{"XSD106", "identity constraint violated",
             "An xs:key, xs:unique or xs:keyref constraint of the schema is violated."},
    CodeInfo{"XSD107", "undeclared element or type",
             "The schema declares no such element, or xsi:type names a type it does not know."},
    CodeInfo{"XSD110", "no schema for namespace",
             "No schema in the repository has the root element's namespace as its "
             "targetNamespace. Install it with 'ozg schemas add DIR' or name one with --schema."},
    CodeInfo{"XSD111", "root element without namespace",
             "XÖV and eCH messages are namespace-qualified; ozg selects the schema by the root "
             "element's namespace. A root without namespace usually means a missing or misspelt "
             "xmlns declaration."},
    CodeInfo{"XSD112", "schema does not compile",
             "The schema selected for the message has errors of its own (often an import that "
             "is not installed). Other schemas are not affected."},
    CodeInfo{"XSD113", "import not available locally",
             "A schema imports or includes a document by a URL or path that the repository "
             "cannot resolve. ozg never downloads during validation: add the missing schema with "
             "'ozg schemas add' or 'ozg schemas fetch'."},
    CodeInfo{"XSD114", "root element not declared",
             "The schema chosen for the namespace declares no global element with the root "
             "element's name."},
    CodeInfo{"XSD115", "--schema not found",
             "The schema named with --schema is neither a readable file nor a document in the "
             "repository (see ozg schemas list)."},
    CodeInfo{"XSD199", "further errors not shown",
             "A file had more errors than --max-errors; the rest were counted but not listed."},
};

}  // namespace

std::span<const CodeInfo> all_codes() { return kCodes; }

const CodeInfo* find_code(std::string_view code) {
  auto it =
      std::find_if(kCodes.begin(), kCodes.end(), [&](const CodeInfo& c) { return c.code == code; });
  return it == kCodes.end() ? nullptr : &*it;
}

}  // namespace xoev
