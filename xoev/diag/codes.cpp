#include "xoev/diag/codes.hpp"

#include <algorithm>
#include <array>

#include "xoev/diag/i18n.hpp"

namespace xoev {
namespace {

constexpr std::array kCodes{
    CodeInfo{"CFG001", N_("malformed --rule"),
             N_("--rule takes CODE=LEVEL with a code that ozg knows ('ozg explain' lists them) "
                "and a level off, note, warning or error.")},
    CodeInfo{"CFG002", N_("config file unusable"),
             N_("The --config file (or $OZG_CONFIG) does not exist, is not valid YAML, or its "
                "'rules' do not map codes to off, note, warning or error. The message names the "
                "line and column.")},
    CodeInfo{"CHK701", N_("AHV number with a wrong check digit"),
             N_("A Swiss social security number (VN, eCH-0044 vnType, found by type) fails its "
                "EAN-13 check digit: 756, nine digits, and a 13th computed from them with the "
                "weights 1 and 3.")},
    CodeInfo{
        "CHK702", N_("UID with a wrong check digit"),
        N_("A Swiss enterprise id (UID, eCH-0021/0097 uidOrganisationIdType, found by type) "
           "fails its mod-11 check digit (weights 5 4 3 2 7 6 5 4; a remainder that gives 10 is "
           "never assigned).")},
    CodeInfo{"CHK703", N_("IBAN not valid"),
             N_("An element named iban holds no valid IBAN: two letters, two check digits and the "
                "account, the whole 1 modulo 97 (ISO 13616; spaces of the printed form allowed).")},
    CodeInfo{
        "CHK704", N_("Steuer-IdNr with a wrong check digit"),
        N_("A German tax id (Steuer-IdNr, an element named steuerIdentifikationsnummer, "
           "steuerlicheIdentifikationsnummer, steuerId or steuerIdNr) is not 11 digits with an "
           "ISO 7064 MOD 11,10 check digit.")},
    CodeInfo{
        "CL201", N_("code not in code list"),
        N_("A coded value (the <code> of an element with listURI/listVersionID) is not a key of "
           "that version of the code list. The hint names the nearest valid codes; 'ozg "
           "codelists show URI --version V' lists them all.")},
    CodeInfo{
        "CL202", N_("code list not installed"),
        N_("The message names a code list (listURI) or a version (listVersionID) that is not "
           "installed, so its codes were not checked. A warning, or an error with "
           "--strict-codelists. Placeholder versions such as 'listVersionID1' end up here too.")},
    CodeInfo{"CL203", N_("code list unreadable"),
             N_("An installed code list's key file cannot be read; add the list again.")},
    CodeInfo{"CL204", N_("country not in eCH-0072"),
             N_("A country number (countryId, eCH-0008/0010 countryIdType) or ISO code "
                "(countryIdISO2) is not in the installed eCH-0072 country list. Checked only once "
                "an eCH-0072 file has been added with 'ozg codelists add'.")},
    CodeInfo{"CL205", N_("municipality not in eCH-0071"),
             N_("A BFS municipality number (municipalityId, eCH-0007/0071 municipalityIdType) or "
                "historical municipality id (historyMunicipalityId) is not in the installed "
                "eCH-0071 register, which is complete. Liechtenstein's numbers 7001-7011 are not "
                "checked.")},
    CodeInfo{
        "CL206", N_("municipality not in force on the event date"),
        N_("The municipality is in the complete eCH-0071 register, but none of its entries was "
           "in force (admission date to abolition date) on the message's eventDate (or, "
           "without one, its messageDate): it had been merged away or did not exist yet. A "
           "warning; places of birth and origin are not dated.")},
    CodeInfo{"CL207", N_("canton not in eCH-0071"),
             N_("A canton abbreviation (cantonAbbreviation) is not one of the cantons of the "
                "installed eCH-0071 list (FL is accepted where the type allows Liechtenstein).")},
    CodeInfo{"CL208", N_("id not in a partial eCH list"),
             N_("A country, canton or municipality id is missing from an installed eCH-0072/0071 "
                "table that is partial (an abridged register, or added with --coverage partial), "
                "so it may still be right. A warning; install the complete list to check it.")},
    CodeInfo{
        "HDR601", N_("participant id not in sedex form"),
        N_("In an eCH message, senderId and recipientId name the participants; sent over sedex "
           "they must be sedex ids of the form category-number-number (1-1102-1, 3-CH-6; T1-... "
           "for test participants). A warning by default, since eCH-0058 also allows other "
           "URIs; raise it with --rule HDR601=error where messages go over sedex.")},
    CodeInfo{
        "HDR603", N_("message date in the future"),
        N_("messageDate (eCH-0058/eCH-0090) or erstellungszeitpunkt (XÖV) lies more than five "
           "minutes after the current time: the sending system's clock or time zone is wrong, "
           "and registers reject such messages. Without a time zone the time is read as UTC.")},
    CodeInfo{
        "HDR604", N_("nachrichtenUUID is not a UUID"),
        N_("XÖV messages are identified by identifikation.nachricht/nachrichtenUUID, which must "
           "be a UUID (8-4-4-4-12 hexadecimal digits).")},
    CodeInfo{"HDR605", N_("message type does not match the root element"),
             N_("XÖV message element names end with their message type number "
                "(administration.quittung.0020 is type 0020); a nachrichtentyp code naming another "
                "message means the header was copied from another message. A warning by default.")},
    CodeInfo{
        "HDR607", N_("test delivery"),
        N_("The header marks the message as a test (testDeliveryFlag or testData true). Off by "
           "default; switch it on (--rule HDR607=error, or =warning) where only production "
           "messages may pass.")},
    CodeInfo{
        "HDR610", N_("message id differs from the envelope"),
        N_("A sedex data file and its eCH-0090 envelope (envl_<id>.xml beside data_<id>.xml, or "
           "--envelope) name different message ids.")},
    CodeInfo{"HDR611", N_("sender differs from the envelope"),
             N_("The data header's senderId is not the envelope's senderId.")},
    CodeInfo{"HDR612", N_("envelope recipient not in the data header"),
             N_("The envelope names a recipient that the data header does not list.")},
    CodeInfo{"HDR613", N_("message type differs from the envelope"),
             N_("The data header's messageType is not the envelope's messageType.")},
    CodeInfo{"MAP301", N_("mapping file unreadable"),
             N_("The mapping file (or a file it extends or includes) is missing, is not YAML, or "
                "has errors; the location is the YAML mark of the problem. Nothing is "
                "transformed.")},
    CodeInfo{"MAP302", N_("unknown key in a mapping"),
             N_("A key that the mapping language does not know at that place, usually a typo; the "
                "hint names the nearest allowed key.")},
    CodeInfo{"MAP303", N_("invalid value in a mapping"),
             N_("A mapping key has a value of the wrong kind (a list where one value belongs, an "
                "unknown format or type, a malformed target path or value template), or a rule "
                "combines keys that cannot go together.")},
    CodeInfo{"MAP304", N_("extends cycle"),
             N_("A mapping extends itself, directly or through other mappings. The message lists "
                "the chain.")},
    CodeInfo{"MAP305", N_("expression does not compile"),
             N_("An XPath expression (from, each, context, when, copy, split or a {...} part of a "
                "value) is not XPath 1.0. String literals need quotes: 'text'.")},
    CodeInfo{"MAP306", N_("unknown function"),
             N_("An expression calls a function that is neither XPath 1.0's nor one of ozg's (see "
                "ozg-mapping(5)); the hint names the nearest one.")},
    CodeInfo{"MAP307", N_("unknown or missing parameter"),
             N_("An expression uses a $variable that is not declared under params, --param names "
                "a parameter the mapping does not declare, or a required parameter is given "
                "neither with --param nor by its environment variable.")},
    CodeInfo{"MAP308", N_("unknown value map"),
             N_("A rule's map: or a map('NAME', ...) call names a value map that neither the "
                "mapping nor its includes define; or an overlay (a file with extends) declares a "
                "value map that the mapping it extends does not have and no rule uses, usually a "
                "misspelt name: an overlay's value map adds to the base's map of the same name.")},
    CodeInfo{"MAP309", N_("undeclared namespace prefix"),
             N_("A target path or an expression uses a prefix that target.namespaces (for "
                "targets) or source.namespaces (for expressions) does not declare; JSON and CSV "
                "targets take no prefixes.")},
    CodeInfo{"MAP310", N_("required value missing in the input"),
             N_("A rule marked required: true found nothing in the input: its from or value was "
                "empty, or its each, context, copy or split selected no node. The location is the "
                "input node the rule was applied to, the message names the rule.")},
    CodeInfo{"MAP311", N_("value not in value map"),
             N_("A value has no translation in the value map and the map has no default. Add the "
                "value to the map (or an overlay's copy of it), or give the map a default.")},
    CodeInfo{"MAP312", N_("function failed"),
             N_("A function could not do its work on the input: a date that does not match its "
                "format or is no calendar date, an invalid regular expression, a code that is not "
                "in the code list, a code list that is not installed, a result of replace(), "
                "regex-replace() or pad() longer than 16 MiB.")},
    CodeInfo{"MAP313", N_("target not in the target schema"),
             N_("ozg mapping check: a target path names an element or attribute that the target "
                "schema does not allow at that place (the hint lists what is allowed), or a CSV "
                "column that target.columns does not declare.")},
    CodeInfo{"MAP314", N_("required target element not produced"),
             N_("ozg mapping check: the target schema requires an element or attribute that no "
                "rule produces. Add a rule for it, with a default if the source may lack the "
                "value.")},
    CodeInfo{"MAP315", N_("output not valid against the target schema"),
             N_("The produced document does not validate against the target schema; its schema "
                "findings (XSD1xx) are listed with the element path. The output is not written; "
                "--no-validate writes it anyway.")},
    CodeInfo{"MAP316", N_("example output differs"),
             N_("ozg mapping test: the output for a shipped example differs from the expected "
                "file (compared canonically: whitespace between elements, namespace prefixes and "
                "attribute order do not matter). The diff follows.")},
    CodeInfo{"MAP317", N_("input not readable in the source format"),
             N_("The input is not valid JSON or not a well-formed CSV record. XML inputs report "
                "XML0xx codes instead, and an input larger than the engine reads XML010.")},
    CodeInfo{"MAP318", N_("overlay rule matches ambiguously or not at all"),
             N_("An overlay's rule matches several rules of the base by target path (the first is "
                "replaced; name the base rules), or its remove: true matches none.")},
    CodeInfo{"MAP319", N_("expression failed at run time"),
             N_("An expression could not be evaluated on the input (for example a wrong type, or "
                "each/copy/context selecting a string instead of nodes).")},
    CodeInfo{
        "MAP320", N_("input refused by the mapping"),
        N_("A rule with 'fail:' applied to the input: the mapping knows it cannot convert such "
           "input without losing or inventing data (for example an event type it does not "
           "cover). The message is the mapping's; the location is the input node.")},
    CodeInfo{"MAP321", N_("mapping too large"),
             N_("A mapping, with every file it extends and includes, may hold 100,000 YAML nodes "
                "and 4 MiB. Each alias (*name) counts as a copy of all the nodes of its anchor "
                "(&name), which is how ozg reads it, so nested aliases cannot make a small file "
                "stand for billions of rules. An alias inside the node it names (an endless "
                "structure) and YAML nested 500 levels deep are refused too. The location "
                "is the alias or node where the limit was passed.")},
    CodeInfo{"MAP322", N_("file outside the mapping's folder"),
             N_("extends, include, target.schema and the input and output files of examples name "
                "files relative to the mapping file, and only inside its folder: the folder of the "
                "mapping given on the command line, or "
                "the nearest folder above it that holds an ozg-package.yaml (a package of "
                "mappings). Absolute paths and paths that lead outside, through '..' or a symbolic "
                "link, are refused without the file being opened, so a shared mapping cannot read "
                "(and quote in its diagnostics) other files of the machine, and a copied folder of "
                "mappings passes 'ozg mapping test' as the original does.")},
    CodeInfo{
        "MAP323", N_("expression too expensive"),
        N_("One evaluation of an expression took more than 100 million XPath steps (libxml2's "
           "operation count), or 200 per node of the input if that is more: far more than a "
           "linear expression needs. Such an expression grows faster than its input, usually a "
           "'//' or count() inside a predicate, which makes every node visit every other. The "
           "message names the rule; rewrite the expression relative to the context node.")},
    CodeInfo{"MAP324", N_("input skipped: not a document the mapping reads"),
             N_("A file found in a folder given to ozg transform is not a document the mapping "
                "reads: its document element is none of the mapping's source.root (a sedex "
                "envelope beside the deliveries, a delivery of another version). It is skipped, "
                "counted as skipped in the summary and does not fail the run; the note says what "
                "the mapping reads and what the file is. A file named on the command line is "
                "refused instead (MAP320).")},
    CodeInfo{
        "NET001", N_("download failed"),
        N_("ozg schemas fetch could not download the URL: DNS, connection or TLS failure, "
           "timeout (20 s to connect, 120 s in total), HTTP status 400 or above (after at most "
           "5 redirects), or a body larger than 256 MiB. The message names the URL and the "
           "cause.")},
    CodeInfo{"NET002", N_("URL scheme not supported"),
             N_("ozg schemas fetch only accepts http:// and https:// URLs; for a local folder or "
                "file use ozg schemas add.")},
    CodeInfo{"NET003", N_("libcurl cannot be loaded"),
             N_("ozg loads libcurl (Debian package libcurl4) only when a command sends over "
                "HTTPS or downloads (ozg send --to https://..., ozg schemas fetch), so that "
                "validation starts faster. It could not be loaded, or is older than 7.85: the "
                "message says why. Install libcurl4; $OZG_LIBCURL names another copy.")},
    CodeInfo{"REPO001", N_("repository index unreadable"),
             N_("The repository's index.json cannot be read, is corrupt or was written by "
                "another version of ozg. Remove the repository folder and add the schemas again "
                "('ozg schemas add DIR').")},
    CodeInfo{"REPO002", N_("schema source not found"),
             N_("The file or folder given to 'ozg schemas add' (or a file the repository lists) "
                "does not exist or cannot be read.")},
    CodeInfo{"REPO003", N_("no schema files"),
             N_("The source given to 'ozg schemas add' is not an .xsd file and holds none.")},
    CodeInfo{"REPO004", N_("schema not in the repository"),
             N_("--schema or 'ozg schemas show' names a schema, bundle or namespace the "
                "repository does not hold. 'ozg schemas list' shows what is installed.")},
    CodeInfo{"REPO005", N_("schema or catalog not readable"),
             N_("An .xsd or OASIS catalog file is not well-formed XML; the message names the "
                "file, line and column.")},
    CodeInfo{"REPO006", N_("cannot write a file or folder"),
             N_("ozg could not create or write a file or folder it was asked to write: the "
                "repository, a code list, a report (-o), a signed or transformed output. The "
                "message names the path and the system's reason (permissions, disk full, a "
                "folder where a file was expected).")},
    CodeInfo{"REPO007", N_("invalid bundle name"),
             N_("A bundle name may hold letters, digits, '.', '_' and '-' only.")},
    CodeInfo{"REPO008", N_("not a schema archive"),
             N_("The file given to 'ozg schemas add' is neither an .xsd nor a zip or tar "
                "archive of schemas, or the archive is damaged.")},
    CodeInfo{"REPO009", N_("ambiguous schema name"),
             N_("--schema (or 'ozg schemas show') matches several schemas; name one by its "
                "repository path (see 'ozg schemas list').")},
    CodeInfo{"REPO010", N_("archive refused"),
             N_("A schema archive has an entry that points outside the archive (../ or an "
                "absolute path) or unpacks to more than 512 MiB; nothing is unpacked.")},
    CodeInfo{"REPO011", N_("not a genericode code list"),
             N_("A file given to 'ozg codelists add' is not a genericode (OASIS Code List "
                "Representation) document, or lacks its CanonicalUri or Version.")},
    CodeInfo{"REPO012", N_("libarchive cannot be loaded"),
             N_("ozg loads libarchive (Debian package libarchive13) only to unpack a zip or tar "
                "archive of schemas, so that other commands start faster. It could not be "
                "loaded or is too old: the message says why. Install libarchive13; "
                "$OZG_LIBARCHIVE names another copy.")},
    CodeInfo{
        "SCH201", N_("Schematron assertion failed"),
        N_("A rule of the standard's Schematron (installed with 'ozg schematron add') does not "
           "hold for the message. The message is the rule's own text, followed by the "
           "assertion's id; the location is that of the node the rule is about. The rule's "
           "flag or role sets the severity (fatal and error: error; warning; information: "
           "note); without one it is an error.")},
    CodeInfo{"SCH202", N_("Schematron report"),
             N_("A Schematron sch:report whose test holds for the message: the rule's authors "
                "want it reported. Severity as for SCH201.")},
    CodeInfo{"SCH210", N_("Schematron engine not available"),
             N_("Schematron rules are installed for the message's namespace, but the engine is "
                "missing: ozg runs them with Saxon-HE in a Java VM, from the Debian packages "
                "default-jre-headless and libsaxonhe-java. A note, or an error with "
                "--strict-schematron; with --scenarios always an error, as no scenario can be "
                "chosen without it. $OZG_LIBJVM and $OZG_SAXON_JAR point to other copies.")},
    CodeInfo{
        "SCH211", N_("Schematron skipped: the schema step failed"),
        N_("Schematron rules are written for schema-valid messages, so they run only when the "
           "schema step found no error (as in KoSIT's validator). Fix the schema errors first.")},
    CodeInfo{"SCH212", N_("Schematron rules do not compile"),
             N_("The installed Schematron file (or the XSLT ozg generates from it) has an error "
                "that Saxon names in the message; the message was not checked against it.")},
    CodeInfo{"SCH213", N_("Schematron rules failed on the message"),
             N_("A rule raised an XPath error on this message (for example a type error on an "
                "unexpected value), or Saxon could not read the message; its verdict is unknown.")},
    CodeInfo{"SCH220", N_("not an ISO Schematron file"),
             N_("A file given to 'ozg schematron add' (or one it includes) is not well-formed, "
                "not ISO Schematron (namespace http://purl.oclc.org/dsdl/schematron), includes a "
                "remote file, or uses a queryBinding other than XSLT/XPath.")},
    CodeInfo{"SCH221", N_("Schematron file not installed"),
             N_("'ozg schematron remove' names no installed Schematron file or namespace.")},
    CodeInfo{
        "SCH222", N_("namespace of the Schematron rules unknown"),
        N_("ozg applies a Schematron file to messages whose root element is in a namespace its "
           "rules name (the first element of each rule's context); when no rule names one, "
           "give it with 'ozg schematron add --namespace URI'.")},
    CodeInfo{
        "SCH230", N_("KoSIT scenarios file unusable"),
        N_("The file given with --scenarios cannot be read, is not well-formed or hostile "
           "(DOCTYPE, depth, size), is not a KoSIT scenarios document (<scenarios> in "
           "http://www.xoev.de/de/validator/framework/1/scenarios), or a scenario lacks its "
           "name, match, XML Schema resource (ozg takes exactly one) or a resource's location, "
           "or has a customLevel other than error, warning, information; or a match does not "
           "compile as XPath 2.0. The message names the line.")},
    CodeInfo{
        "SCH231", N_("scenario resource missing"),
        N_("A resource of a scenario (XSD, Schematron XSLT, report XSL, noScenarioReport), or a "
           "file a stylesheet includes, is not a readable, well-formed file under the "
           "repository (--repository). A location with an unexpanded build placeholder such "
           "as @xrechnung.version@ comes from the source of a configuration: use the built "
           "scenarios.xml and its resources.")},
    CodeInfo{"SCH232", N_("scenario resource outside the repository"),
             N_("A resource location (or an xsl:include/xsl:import of a stylesheet) is absolute, "
                "a URI, or leads out of the repository folder with ../ or a symbolic link; ozg "
                "loads only files inside the repository and nothing from a network.")},
    CodeInfo{"SCH233", N_("no scenario matches"),
             N_("No scenario's match holds on the document, or more than one does (KoSIT takes a "
                "document that matches exactly one). The document is rejected; the message names "
                "its root element and namespace.")},
    CodeInfo{"SCH234", N_("rejected by acceptMatch"),
             N_("The scenario's acceptMatch XPath does not hold on the report its createReport "
                "stylesheet made, so the document is rejected, whatever its other findings.")},
    CodeInfo{"SCH235", N_("scenario report not made"),
             N_("The createReport stylesheet failed, or the acceptMatch XPath does not compile or "
                "raised an error; the acceptance is unknown, so the document is rejected.")},
    CodeInfo{"SCH236", N_("unexpanded placeholder in a scenario"),
             N_("A match or acceptMatch holds a build placeholder such as @xrechnung.spec.id@: the "
                "scenarios file is the source of a configuration, not a built one.")},
    CodeInfo{
        "SIG400", N_("signature library unavailable"),
        N_("libxmlsec1 (OpenSSL backend) could not be initialised; reinstall libxmlsec1-openssl.")},
    CodeInfo{"SIG401", N_("message not signed"),
             N_("The message carries no ds:Signature element.")},
    CodeInfo{"SIG402", N_("malformed signature block"),
             N_("The ds:Signature element cannot be processed: required parts are missing, an "
                "algorithm is unsupported, or KeyInfo holds no X.509 certificate.")},
    CodeInfo{"SIG403", N_("signature does not match the content"),
             N_("The signature value or the reference digest does not verify: the message was "
                "changed after it was signed, or the certificate in KeyInfo is not the signer's.")},
    CodeInfo{
        "SIG404", N_("signer certificate not trusted"),
        N_("The signer certificate does not chain to a trust anchor given with --trust or "
           "--trust-dir (unknown CA, missing intermediate, revoked or otherwise unverifiable).")},
    CodeInfo{"SIG405", N_("signer certificate expired or not yet valid"),
             N_("The current time is outside the signer certificate's validity period.")},
    CodeInfo{"SIG406", N_("signature does not cover the document"),
             N_("Only one enveloped signature over the whole document (Reference URI=\"\" with the "
                "enveloped-signature transform, the signature a child of the document element) is "
                "accepted. Several signatures, references to parts or detached references could "
                "leave the content that is processed unsigned (signature wrapping).")},
    CodeInfo{"SIG407", N_("weak algorithm or key"),
             N_("SHA-1 or MD5, or an RSA key below 2048 bits. Refused unless --allow-weak (for old "
                "archives).")},
    CodeInfo{
        "SIG408", N_("key usage does not allow signing"),
        N_("The signer certificate's keyUsage has neither digitalSignature nor nonRepudiation.")},
    CodeInfo{
        "SIG409", N_("message already signed"),
        N_("ozg sign refuses to sign a signed message; --replace removes the old signature(s).")},
    CodeInfo{
        "SIG410", N_("signing failed"),
        N_("The key or certificate cannot be read (format, wrong password), the key is neither "
           "RSA nor ECDSA, or libxmlsec1 failed to sign.")},
    CodeInfo{"SIG411", N_("password unreadable"),
             N_("The --pass-file cannot be read. Passwords come from a file or the environment "
                "(OZG_P12_PASS, OZG_KEY_PASS), never from the command line.")},
    CodeInfo{"SIG412", N_("transform not accepted"),
             N_("The signature uses a canonicalisation or Reference transform other than the ones "
                "ozg produces (enveloped-signature, exclusive C14N with or without comments). "
                "XPath, XPath Filter 2 and XSLT transforms can leave parts of the message unsigned "
                "or run code; ozg refuses them before processing anything.")},
    CodeInfo{
        "SIG413", N_("key information not accepted"),
        N_("KeyInfo holds something other than X.509 certificates (KeyValue, RetrievalMethod, "
           "...), more than one certificate could be the signer's, or a certificate is not "
           "part of the signer's verified chain. ozg checks the signature with exactly the key "
           "of the certificate whose chain it verified, and never fetches key material.")},
    CodeInfo{"SIG414", N_("key does not belong to the certificate"),
             N_("ozg sign was given a private key whose public key is not the one in --cert; a "
                "signature made with it would verify for nobody. Nothing is signed.")},
    CodeInfo{"TRN500", N_("message refused before sending"),
             N_("ozg send validates every message first and does not send one that is invalid (or "
                "cannot be checked): the diagnostics above it say why. Fix the message, or send it "
                "anyway with --force. The refusal is journaled (verdict invalid).")},
    CodeInfo{
        "TRN501", N_("peer unreachable"),
        N_("The connection failed, broke or timed out (DNS, connect, reset, no answer) on every "
           "attempt; ozg retried with exponential backoff (--retries, --retry-delay). Nothing "
           "was delivered. Run the same command again later: the message id travels as "
           "Idempotency-Key and the peer stores the message once.")},
    CodeInfo{
        "TRN502", N_("TLS failure"),
        N_("The TLS handshake failed: the server's certificate is not trusted (give its CA with "
           "--ca), its public key does not match --pin, or the server refused our client "
           "certificate (a TLS alert such as 'unknown ca', or an HTTP 400/403 answer from a "
           "server that checks it after the handshake, as nginx and ozg receive do: --cert must "
           "be issued by a CA the server trusts). Not retried: waiting does not fix a "
           "certificate.")},
    CodeInfo{
        "TRN503", N_("peer refused the message"),
        N_("The peer answered with a 4xx status: 409 (another message with this id), 413 (too "
           "large), 422 (invalid; the peer's problem document lists why), 403/404/405 (wrong URL "
           "or certificate). Not retried; sending the same message again will not help.")},
    CodeInfo{"TRN504", N_("peer failed"),
             N_("The peer answered 5xx or 429 on every attempt (ozg honoured Retry-After). Nothing "
                "was delivered; run the command again later.")},
    CodeInfo{
        "TRN505", N_("TLS verification switched off"),
        N_("--insecure was given: the server's certificate and name are not checked, so anyone "
           "on the path can read and change the messages. Printed on every use; for tests only.")},
    CodeInfo{"TRN506", N_("destination folder not writable"),
             N_("A sedex outbox or file: folder does not exist or cannot be written, or it already "
                "holds a file of that message id with other content (a message id is sent once).")},
    CodeInfo{
        "TRN507", N_("sedex envelope field missing or malformed"),
        N_("The eCH-0090 envelope needs messageId, messageType (an integer 0..2699999), senderId "
           "and recipientId (sedex participant ids such as T1-123456-1) and an eventDate. They "
           "come from the eCH-0058 header, or from --message-type, --sender-id, --recipient-id "
           "and --event-date.")},
    CodeInfo{"TRN508", N_("bad destination"),
             N_("--to must be https://HOST/PATH, sedex:/OUTBOX or file:/FOLDER; plain http is "
                "refused, and HTTPS needs a client certificate (--cert/--key or --p12).")},
    CodeInfo{
        "TRN509", N_("journal not writable"),
        N_("The journal ($OZG_JOURNAL, else $XDG_STATE_HOME/ozg/journal.jsonl, or --journal) "
           "cannot be opened, written or synced. ozg send stops: an outcome that is not on disk "
           "is never reported as delivered. When reading, lines cut short by a crash are skipped "
           "with this warning.")},
    CodeInfo{"TRN510", N_("client certificate unusable"),
             N_("libcurl cannot use the client certificate or key: unreadable file, wrong format, "
                "wrong password (--pass-file, OZG_P12_PASS, OZG_KEY_PASS), or a key that does not "
                "belong to the certificate.")},
    CodeInfo{
        "TRN511", N_("receiver cannot start"),
        N_("ozg receive cannot use its certificate, key or client CA, the inbox folder does not "
           "exist, or the address cannot be bound (port in use).")},
    CodeInfo{
        "TRN512", N_("message without usable id"),
        N_("The message has no header id (eCH-0058 messageId, XÖV nachrichtenUUID) that can name a "
           "file and an eCH-0090 message (letters, digits and '-', at most 36). It travels under "
           "an id made from its SHA-256, so sending the same bytes again still uses the same "
           "id.")},
    CodeInfo{"TRN520", N_("no record of the message"),
             N_("ozg status found the given id neither in the journal nor in the receipts folder. "
                "Give the message id (or 8 or more leading characters of its SHA-256), or check "
                "--journal / OZG_JOURNAL.")},
    CodeInfo{
        "TRN521", N_("sedex receipt unreadable"),
        N_("A file in the --receipts folder is not an eCH-0090 receipt (not well-formed, has a "
           "DOCTYPE, another root element, or no statusCode or messageId); it is skipped.")},
    CodeInfo{
        "XML001", N_("not well-formed XML"),
        N_("The input is not well-formed XML (unclosed or mismatched tags, bad characters, text "
           "after the root element, ...). Nothing else is checked until it parses.")},
    CodeInfo{"XML002", N_("empty input"),
             N_("The file or stream is empty or holds only white space.")},
    CodeInfo{
        "XML003", N_("DOCTYPE not allowed"),
        N_("The input carries a document type declaration. XÖV and eCH messages never need one, "
           "and DTDs are the vehicle of XXE and entity-expansion attacks, so ozg refuses them "
           "unless --allow-doctype is given (external entities are never loaded, even then).")},
    CodeInfo{"XML004", N_("encoding error"),
             N_("The bytes do not match the declared or detected encoding (for example Latin-1 "
                "bytes in a file declared as UTF-8), or the encoding is not supported.")},
    CodeInfo{
        "XML005", N_("nesting too deep"),
        N_("Elements are nested deeper than the limit (--max-depth, default 256). Real messages "
           "nest a few dozen levels; deeper nesting is treated as hostile.")},
    CodeInfo{"XML006", N_("entity expansion limit exceeded"),
             N_("With --allow-doctype, the internal DTD subset expands more entities than allowed "
                "(a 'billion laughs' attack).")},
    CodeInfo{
        "XML007", N_("input unreadable"),
        N_("The file does not exist, is not a regular file, or cannot be read (permissions).")},
    CodeInfo{
        "XML008", N_("malformed xsi:schemaLocation ignored"),
        N_("xsi:schemaLocation must hold namespace/location pairs. ozg never loads schemas from "
           "it (schemas come from the repository), so a malformed value is only a warning.")},
    CodeInfo{
        "XML009", N_("external entity not loaded"),
        N_("With --allow-doctype, the message declares an external entity (a file or URL). ozg "
           "never loads it; the reference expands to nothing, which usually makes the message "
           "invalid further on.")},
    CodeInfo{"XML010", N_("input too large"),
             N_("The input is larger than the command reads into memory (512 MiB by default): "
                "signing, verifying and transforming build a tree of the whole message. Validation "
                "streams and has no such limit (its limit is on single values, XML011).")},
    CodeInfo{
        "XML011", N_("value too long"),
        N_("A single text node, attribute value, comment or CDATA section is longer than the "
           "limit (--max-value-mb, default 4 MiB). Validation streams the message, but the "
           "validator holds each value whole while it checks it, so this limit is what bounds "
           "its memory (about 25 MB plus 6 bytes per character of the longest value). Raise it "
           "for messages with large inline attachments.")},
    CodeInfo{
        "XSD100", N_("schema validity error"),
        N_("The message violates its XML Schema in a way not covered by a more specific code.")},
    CodeInfo{"XSD101", N_("unexpected element"),
             N_("An element appears where the schema's content model does not allow it: wrong "
                "order, wrong namespace, or not allowed at all.")},
    CodeInfo{"XSD102", N_("missing element"),
             N_("An element ends before all children that the schema requires are present.")},
    CodeInfo{"XSD103", N_("invalid value"),
             N_("A value does not fit its datatype or facet (pattern, length, enumeration, range, "
                "date format, fixed value).")},
    CodeInfo{"XSD104", N_("attribute error"),
             N_("An attribute is missing, not allowed, or has an invalid value.")},
    CodeInfo{"XSD105", N_("ID/IDREF error"),
             N_("An IDREF points to no ID in the document, or an ID value is used twice.")},
    CodeInfo{"XSD106", N_("identity constraint violated"),
             N_("An xs:key, xs:unique or xs:keyref constraint of the schema is violated.")},
    CodeInfo{"XSD107", N_("undeclared element or type"),
             N_("The schema declares no such element, or xsi:type names a type it does not know.")},
    CodeInfo{
        "XSD110", N_("no schema for namespace"),
        N_("No schema in the repository has the root element's namespace as its "
           "targetNamespace. Install it with 'ozg schemas add DIR' or name one with --schema.")},
    CodeInfo{"XSD111", N_("root element without namespace"),
             N_("XÖV and eCH messages are namespace-qualified; ozg selects the schema by the root "
                "element's namespace. A root without namespace usually means a missing or misspelt "
                "xmlns declaration.")},
    CodeInfo{"XSD112", N_("schema does not compile"),
             N_("The schema selected for the message has errors of its own (often an import that "
                "is not installed). Other schemas are not affected.")},
    CodeInfo{
        "XSD113", N_("import not available locally"),
        N_("A schema imports or includes a document by a URL or path that the repository "
           "cannot resolve. ozg never downloads during validation: add the missing schema with "
           "'ozg schemas add' or 'ozg schemas fetch'.")},
    CodeInfo{"XSD114", N_("root element not declared"),
             N_("The schema chosen for the namespace declares no global element with the root "
                "element's name.")},
    CodeInfo{"XSD115", N_("--schema not found"),
             N_("The schema named with --schema is neither a readable file nor a document in the "
                "repository (see ozg schemas list).")},
    CodeInfo{"XSD199", N_("further errors not shown"),
             N_("A file had more errors than --max-errors; the rest were counted but not listed.")},
};

}  // namespace

std::span<const CodeInfo> all_codes() { return kCodes; }

const CodeInfo* find_code(std::string_view code) {
  auto it =
      std::find_if(kCodes.begin(), kCodes.end(), [&](const CodeInfo& c) { return c.code == code; });
  return it == kCodes.end() ? nullptr : &*it;
}

}  // namespace xoev
