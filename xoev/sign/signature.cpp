// Signing and verification with libxmlsec1 (OpenSSL backend) on a libxml2 DOM.
//
// Why the chain is checked separately: xmlsec verifies certificates while it looks for the key,
// and a failure there only says "key not found". OpenSSL's X509_verify_cert tells an expired
// certificate from an unknown CA, so ozg runs it first on the certificates in KeyInfo and then
// lets xmlsec check the signature value and digests with the signer's key alone.

#include "xoev/sign/signature.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/io.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string_view>

#include "sign/x509_util.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";

const xmlChar* xc(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
std::string str(const xmlChar* s) {
  return s == nullptr ? std::string() : reinterpret_cast<const char*>(s);
}

/// The one file a detached signature may read: its Reference URI (a plain file name, checked
/// before) is mapped to the message's path, whatever the current directory. xmlsec treats a
/// relative URI as "remote"; with this callback first in line, nothing is ever fetched.
thread_local std::pair<std::string, std::string> t_detached;

int detached_match(const char* uri) {
  return uri != nullptr && !t_detached.first.empty() && t_detached.first == uri ? 1 : 0;
}
void* detached_open(const char*) { return std::fopen(t_detached.second.c_str(), "rb"); }
int detached_read(void* f, char* buf, int len) {
  return static_cast<int>(
      std::fread(buf, 1, static_cast<std::size_t>(len), static_cast<std::FILE*>(f)));
}
int detached_close(void* f) { return std::fclose(static_cast<std::FILE*>(f)); }

/// Maps a detached Reference URI to the message file for the current thread, while alive.
class DetachedScope {
 public:
  DetachedScope(std::string uri, const fs::path& file) {
    t_detached = {std::move(uri), file.string()};
  }
  ~DetachedScope() { t_detached = {}; }
  DetachedScope(const DetachedScope&) = delete;
  DetachedScope& operator=(const DetachedScope&) = delete;
};

/// libxmlsec1 is initialised once per process and left initialised.
bool xmlsec_ready() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    xmlInitParser();
    ok = xmlSecInit() >= 0 && xmlSecCheckVersion() == 1 && xmlSecCryptoAppInit(nullptr) >= 0 &&
         xmlSecCryptoInit() >= 0;
    // No file, HTTP or FTP reader at all: the one input a signature may name besides its own
    // document is the message of a detached signature.
    xmlSecIOCleanupCallbacks();
    ok = ok && xmlSecIORegisterCallbacks(detached_match, detached_open, detached_read,
                                         detached_close) >= 0;
    // Findings are reported as diagnostics; xmlsec's own messages would only repeat them.
    xmlSecErrorsSetCallback(
        [](const char*, int, const char*, const char*, const char*, int, const char*) {});
  });
  return ok;
}

using Doc = xml::DocPtr;

/// The first error of `sink` as an Error, located in its message: "FILE:LINE:COL: what;
/// nothing signed".
Error first_error(DiagnosticSink& sink) {
  for (const auto& d : sink.diagnostics())
    if (d.severity == Severity::Error) {
      std::string where = d.loc.file;
      if (d.loc.line > 0) where += ":" + std::to_string(d.loc.line);
      if (d.loc.column > 0) where += ":" + std::to_string(d.loc.column);
      return within(i18n::error_of(ErrorKind::Input, d), N_("{0}: {1}; nothing signed"), {where});
    }
  return make_error(ErrorKind::Internal, "SIG410", N_("nothing signed"));
}

// What a signature may contain besides SHA-2 digests and RSA/ECDSA values: the transforms and
// canonicalisations ozg itself produces. Anything else (XPath, XPath Filter 2, XSLT, Base64,
// inclusive C14N of a subset) can make the signature cover less than the message, or run code.
constexpr std::string_view kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
constexpr std::array<std::string_view, 2> kCanonical = {
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"};

bool canonical(const std::string& uri) {
  return std::find(kCanonical.begin(), kCanonical.end(), uri) != kCanonical.end();
}

/// Restricts xmlsec to the same transforms, in case a check above misses a path.
bool restrict_transforms(xmlSecDSigCtx* ctx, bool detached) {
  const std::array<xmlSecTransformId, 4> digests = {xmlSecTransformSha1Id, xmlSecTransformSha256Id,
                                                    xmlSecTransformSha384Id,
                                                    xmlSecTransformSha512Id};
  const std::array<xmlSecTransformId, 6> methods = {
      xmlSecTransformRsaSha1Id,   xmlSecTransformRsaSha256Id,   xmlSecTransformRsaSha512Id,
      xmlSecTransformEcdsaSha1Id, xmlSecTransformEcdsaSha256Id, xmlSecTransformEcdsaSha512Id};
  bool ok = true;
  for (auto id : {xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId}) {
    ok = ok && xmlSecDSigCtxEnableSignatureTransform(ctx, id) >= 0;
    if (!detached) ok = ok && xmlSecDSigCtxEnableReferenceTransform(ctx, id) >= 0;
  }
  if (!detached)
    ok = ok && xmlSecDSigCtxEnableReferenceTransform(ctx, xmlSecTransformEnvelopedId) >= 0;
  for (auto id : digests) ok = ok && xmlSecDSigCtxEnableReferenceTransform(ctx, id) >= 0;
  for (auto id : methods) ok = ok && xmlSecDSigCtxEnableSignatureTransform(ctx, id) >= 0;
  return ok;
}

std::vector<xmlNode*> signatures(xmlDoc* doc) {
  std::vector<xmlNode*> out;
  std::vector<xmlNode*> todo{xmlDocGetRootElement(doc)};
  while (!todo.empty()) {
    xmlNode* n = todo.back();
    todo.pop_back();
    for (; n != nullptr; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (n->ns != nullptr && str(n->ns->href) == kDsigNs && str(n->name) == "Signature")
        out.push_back(n);
      else if (n->children != nullptr)
        todo.push_back(n->children);
    }
  }
  return out;
}

std::string openssl_error() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "unknown error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

std::string serial_of(X509* cert) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(
      ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr), BN_free);
  char* hex = BN_bn2hex(bn.get());
  std::string s = hex == nullptr ? "" : hex;
  OPENSSL_free(hex);
  return s;
}

using X509Ptr = x509::CertPtr;

xmlNode* child(xmlNode* parent, const char* name) {
  for (xmlNode* n = parent == nullptr ? nullptr : parent->children; n != nullptr; n = n->next)
    if (n->type == XML_ELEMENT_NODE && str(n->name) == name) return n;
  return nullptr;
}

std::vector<xmlNode*> children(xmlNode* parent, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* n = parent == nullptr ? nullptr : parent->children; n != nullptr; n = n->next)
    if (n->type == XML_ELEMENT_NODE && str(n->name) == name) out.push_back(n);
  return out;
}

std::string content(xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = str(c);
  xmlFree(c);
  return s;
}

std::string algorithm(xmlNode* n) {
  xmlChar* a = xmlGetProp(n, xc("Algorithm"));
  std::string s = str(a);
  xmlFree(a);
  return s;
}

bool weak_algorithm(const std::string& uri) {
  return uri.ends_with("#sha1") || uri.ends_with("-sha1") || uri.ends_with("#rsa-sha1") ||
         uri.ends_with("#dsa-sha1") || uri.find("md5") != std::string::npos;
}

/// The password callback handed to OpenSSL through xmlsec: never prompts.
struct PasswordAsk {
  const std::string& password;
  bool asked = false;
  static int answer(char* buf, int size, int, void* self) {
    auto* a = static_cast<PasswordAsk*>(self);
    a->asked = true;
    if (a->password.empty() || a->password.size() > static_cast<std::size_t>(size)) return -1;
    std::copy(a->password.begin(), a->password.end(), buf);
    return static_cast<int>(a->password.size());
  }
};

/// A signature made with a key that is not the certificate's verifies for nobody: refuse it
/// before signing anything.
Result<void> check_key_matches(xmlSecKeyPtr key, const fs::path& cert_file) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(cert_file.c_str(), "r"), BIO_free);
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, X509_free);
  EVP_PKEY* pkey = xmlSecOpenSSLEvpKeyDataGetEvp(xmlSecKeyGetValue(key));
  if (!cert || pkey == nullptr)
    return fail(ErrorKind::Signature, "SIG410", N_("{0}: cannot read the certificate (PEM)"),
                {cert_file.string()});
  if (X509_check_private_key(cert.get(), pkey) != 1) {
    ERR_clear_error();
    return fail(ErrorKind::Signature, "SIG414",
                N_("the private key does not belong to the certificate {0} ({1}); nothing signed"),
                {cert_file.string(), x509::name(X509_get_subject_name(cert.get()))},
                N_("give the key that was certified in --cert (compare 'openssl x509 -noout "
                   "-pubkey' with 'openssl pkey -pubout')"));
  }
  return {};
}

}  // namespace

struct Signer::Key {
  xmlSecKeyPtr key = nullptr;
  xmlSecTransformId method = nullptr;
  ~Key() {
    if (key != nullptr) xmlSecKeyDestroy(key);
  }
};

Signer::~Signer() = default;
Signer::Signer(Signer&&) noexcept = default;

Result<Signer> Signer::create(const SignOptions& o) {
  if (!xmlsec_ready())
    return fail(ErrorKind::Internal, "SIG400", N_("libxmlsec1 could not be initialised"));
  Signer signer;
  signer.replace_ = o.replace;
  signer.limits_ = o.limits;
  signer.key_ = std::make_unique<Key>();
  xmlSecKeyPtr& key = signer.key_->key;
  if (o.p12) {
    key = xmlSecCryptoAppKeyLoad(o.p12->c_str(), xmlSecKeyDataFormatPkcs12, o.password.c_str(),
                                 nullptr, nullptr);
    if (key == nullptr)
      return fail(ErrorKind::Signature, "SIG410",
                  N_("{0}: cannot read the PKCS#12 file (wrong password?)"), {o.p12->string()});
  } else {
    // OpenSSL asks on the terminal for the password of an encrypted key unless a callback
    // answers; this one answers with the password given, or with nothing.
    PasswordAsk ask{o.password};
    key = xmlSecCryptoAppKeyLoad(o.key.c_str(), xmlSecKeyDataFormatPem, nullptr,
                                 reinterpret_cast<void*>(&PasswordAsk::answer), &ask);
    if (key == nullptr && ask.asked && o.password.empty())
      return fail(ErrorKind::Signature, "SIG410",
                  N_("{0}: the private key is encrypted and no password was given"),
                  {o.key.string()},
                  N_("give the password with --pass-file FILE or in OZG_KEY_PASS"));
    if (key == nullptr)
      return fail(ErrorKind::Signature, "SIG410",
                  ask.asked ? N_("{0}: cannot decrypt the private key: wrong password")
                            : N_("{0}: cannot read the private key (PEM)"),
                  {o.key.string()});
    if (xmlSecCryptoAppKeyCertLoad(key, o.cert.c_str(), xmlSecKeyDataFormatPem) < 0)
      return fail(ErrorKind::Signature, "SIG410", N_("{0}: cannot read the certificate (PEM)"),
                  {o.cert.string()});
    if (auto bound = check_key_matches(key, o.cert); !bound) return std::unexpected(bound.error());
  }
  for (const auto& c : o.chain)
    if (xmlSecCryptoAppKeyCertLoad(key, c.c_str(), xmlSecKeyDataFormatPem) < 0)
      return fail(ErrorKind::Signature, "SIG410",
                  N_("{0}: cannot read the chain certificate (PEM)"), {c.string()});
  const xmlSecKeyDataPtr value = xmlSecKeyGetValue(key);
  const std::string kind = value != nullptr && value->id != nullptr ? str(value->id->name) : "";
  if (kind == "rsa")
    signer.key_->method = xmlSecTransformRsaSha256Id;
  else if (kind == "ecdsa" || kind == "ec")
    signer.key_->method = xmlSecTransformEcdsaSha256Id;
  else
    return fail(ErrorKind::Signature, "SIG410", N_("the key is neither RSA nor ECDSA ({0})"),
                {kind});
  return signer;
}

Result<std::string> Signer::sign(const fs::path& input, const std::string& display) const {
  DiagnosticSink sink;
  Doc doc = xml::load_tree(input, display, limits_, sink);
  if (!doc) return std::unexpected(first_error(sink));
  auto existing = signatures(doc.get());
  if (!existing.empty()) {
    if (!replace_)
      return fail(ErrorKind::Signature, "SIG409", N_("{0} is already signed"), {input.string()},
                  N_("pass --replace to remove the existing signature(s) and sign anew"));
    for (xmlNode* s : existing) {
      xmlUnlinkNode(s);
      xmlFreeNode(s);
    }
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  xmlNode* sig =
      xmlSecTmplSignatureCreate(doc.get(), xmlSecTransformExclC14NId, key_->method, nullptr);
  xmlAddChild(root, sig);
  xmlNode* ref =
      xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, nullptr, xc(""), nullptr);
  xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId);
  xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId);
  xmlNode* key_info = xmlSecTmplSignatureEnsureKeyInfo(sig, nullptr);
  xmlNode* x509 = xmlSecTmplKeyInfoAddX509Data(key_info);
  xmlSecTmplX509DataAddCertificate(x509);

  return sign_and_serialize(doc.get(), sig, input, xmlSecTransformUriTypeEmpty);
}

Result<std::string> Signer::sign_detached(const fs::path& input, const std::string& display) const {
  std::error_code ec;
  if (!fs::is_regular_file(input, ec))  // stat(2): a FIFO is refused without opening it
    return fail(ErrorKind::Input, "XML007", N_("{0}: no such file, or not a regular file"),
                {display});
  Doc doc(xmlNewDoc(xc("1.0")));
  xmlNode* sig =
      xmlSecTmplSignatureCreate(doc.get(), xmlSecTransformExclC14NId, key_->method, nullptr);
  xmlDocSetRootElement(doc.get(), sig);
  // One reference to the message by file name; the digest is over its exact bytes.
  xmlChar* uri = xmlURIEscapeStr(xc(input.filename().c_str()), xc(""));
  xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, nullptr, uri, nullptr);
  DetachedScope scope(str(uri), input);
  xmlFree(uri);
  xmlNode* x509 = xmlSecTmplKeyInfoAddX509Data(xmlSecTmplSignatureEnsureKeyInfo(sig, nullptr));
  xmlSecTmplX509DataAddCertificate(x509);
  // A relative URI is "remote" to xmlsec; DetachedScope maps this one name to the message.
  return sign_and_serialize(doc.get(), sig, input, xmlSecTransformUriTypeRemote);
}

Result<std::string> Signer::sign_and_serialize(xmlDoc* doc, xmlNode* sig, const fs::path& input,
                                               unsigned uri_types) const {
  std::unique_ptr<xmlSecDSigCtx, decltype(&xmlSecDSigCtxDestroy)> ctx(xmlSecDSigCtxCreate(nullptr),
                                                                      xmlSecDSigCtxDestroy);
  ctx->enabledReferenceUris = static_cast<xmlSecTransformUriType>(uri_types);
  ctx->signKey = xmlSecKeyDuplicate(key_->key);  // owned by the context
  if (ctx->signKey == nullptr || xmlSecDSigCtxSign(ctx.get(), sig) < 0)
    return fail(ErrorKind::Signature, "SIG410", N_("{0}: signing failed: {1}"),
                {input.string(), openssl_error()});
  xmlChar* out = nullptr;
  int size = 0;
  xmlDocDumpMemoryEnc(doc, &out, &size, "UTF-8");
  std::string result(reinterpret_cast<const char*>(out), static_cast<std::size_t>(size));
  xmlFree(out);
  return result;
}

Result<std::string> sign_document(const fs::path& input, const SignOptions& o) {
  auto signer = Signer::create(o);
  if (!signer) return std::unexpected(signer.error());
  return signer->sign(input, input.string());
}

struct Verifier::State {
  VerifyOptions options;
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store{X509_STORE_new(), X509_STORE_free};
};

Verifier::~Verifier() = default;
Verifier::Verifier(Verifier&&) noexcept = default;

Result<Verifier> Verifier::create(const VerifyOptions& o) {
  if (!xmlsec_ready())
    return fail(ErrorKind::Internal, "SIG400", N_("libxmlsec1 could not be initialised"));
  Verifier v;
  v.state_ = std::make_unique<State>();
  v.state_->options = o;
  for (const auto& t : o.trust)
    if (X509_STORE_load_file(v.state_->store.get(), t.c_str()) != 1)
      return fail(ErrorKind::Config, "SIG404", N_("{0}: cannot read the trust anchors: {1}"),
                  {t.string(), openssl_error()});
  if (o.trust_dir && X509_STORE_load_path(v.state_->store.get(), o.trust_dir->c_str()) != 1)
    return fail(ErrorKind::Config, "SIG404", N_("{0}: cannot read the trust directory"),
                {o.trust_dir->string()});
  return v;
}

SignerInfo verify_document(const fs::path& input, const std::string& display,
                           const VerifyOptions& o, DiagnosticSink& sink) {
  auto v = Verifier::create(o);
  if (!v) {
    sink.add(i18n::diagnostic(Severity::Error, v.error(), {display, 0, 0}));
    return {};
  }
  return v->verify(input, display, sink);
}

namespace {

Location at_node(const std::string& display, xmlNode* n) {
  return {display, static_cast<uint32_t>(std::max(xmlGetLineNo(n), 0L)), 0};
}

/// Every transform and the canonicalisation are ones ozg produces (see kCanonical): SIG412
/// naming the first other one.
bool transforms_allowed(xmlNode* sig, bool detached, const std::string& display,
                        DiagnosticSink& sink) {
  xmlNode* signed_info = child(sig, "SignedInfo");
  xmlNode* c14n = child(signed_info, "CanonicalizationMethod");
  if (c14n == nullptr || !canonical(algorithm(c14n))) {
    sink.add(i18n::make(Severity::Error, "SIG412",
                        at_node(display, c14n != nullptr ? c14n : signed_info),
                        N_("canonicalisation '{0}' is not accepted"),
                        {c14n != nullptr ? algorithm(c14n) : std::string()}, {},
                        N_("ozg accepts exclusive C14N (with or without comments) only")));
    return false;
  }
  for (xmlNode* ref : children(signed_info, "Reference"))
    for (xmlNode* t : children(child(ref, "Transforms"), "Transform")) {
      const std::string a = algorithm(t);
      if ((a == kEnveloped || canonical(a)) && !detached) continue;
      sink.add(i18n::make(
          Severity::Error, "SIG412", at_node(display, t), N_("transform '{0}' is not accepted"),
          {a}, {},
          detached ? N_("a detached signature covers the file's bytes as they are, without "
                        "transforms")
                   : N_("ozg accepts the enveloped-signature transform and exclusive C14N only: "
                        "others (XPath, XPath Filter 2, XSLT) can leave parts of the message "
                        "unsigned, or run code")));
      return false;
    }
  return true;
}

/// The certificates in KeyInfo, refusing everything that could bring another key: KeyValue,
/// RetrievalMethod and the rest (SIG413), and certificates that do not decode (SIG402).
std::optional<std::vector<X509Ptr>> key_info_certificates(xmlNode* sig, const std::string& display,
                                                          DiagnosticSink& sink) {
  std::vector<X509Ptr> certs;
  xmlNode* key_info = child(sig, "KeyInfo");
  for (xmlNode* n = key_info != nullptr ? key_info->children : nullptr; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (str(n->name) != "X509Data") {
      sink.add(i18n::make(Severity::Error, "SIG413", at_node(display, n),
                          N_("KeyInfo holds {0}; only X509Data is accepted"), {str(n->name)}, {},
                          N_("the signature is checked with the key of the signer certificate, "
                             "never with a key or a reference carried next to it")));
      return std::nullopt;
    }
    for (xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string name = str(c->name);
      if (name == "X509IssuerSerial" || name == "X509SubjectName" || name == "X509SKI") continue;
      if (name != "X509Certificate") {
        sink.add(i18n::make(Severity::Error, "SIG413", at_node(display, c),
                            N_("X509Data holds {0}; not accepted"), {name}, {},
                            N_("X509Data may carry X509Certificate, X509IssuerSerial, "
                               "X509SubjectName and X509SKI")));
        return std::nullopt;
      }
      auto cert = x509::from_base64(content(c));
      if (!cert) {
        sink.error("SIG402", at_node(display, c),
                   N_("X509Certificate does not hold a certificate"));
        return std::nullopt;
      }
      certs.push_back(std::move(cert));
    }
  }
  if (certs.empty()) {
    sink.error("SIG402", at_node(display, sig),
               N_("the signature carries no X.509 certificate in KeyInfo"), {},
               N_("ozg needs the signer certificate in KeyInfo/X509Data to check who signed"));
    return std::nullopt;
  }
  return certs;
}

}  // namespace

SignerInfo Verifier::verify(const fs::path& input, const std::string& display,
                            DiagnosticSink& sink) const {
  SignerInfo info;
  Doc doc = xml::load_tree(input, display, state_->options.limits, sink);
  if (!doc) return info;
  auto sigs = signatures(doc.get());
  if (sigs.empty()) {
    sink.error("SIG401", {display, 0, 0}, N_("the message is not signed (no ds:Signature)"), {},
               N_("sign it with 'ozg sign', or ask the sender for the signed message"));
    return info;
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  // Exactly one signature, a child of the document element, with one Reference to the whole
  // document (URI="") through the enveloped-signature transform: anything else can leave the
  // content the caller processes unsigned (signature wrapping).
  if (sigs.size() != 1 || sigs[0]->parent != root) {
    sink.add(i18n::make(Severity::Error, "SIG406", at_node(display, sigs[0]),
                        sigs.size() != 1
                            ? N_("{0} signatures; exactly one enveloped signature is accepted")
                            : N_("the signature is not a child of the document element"),
                        {std::to_string(sigs.size())}, {},
                        N_("only enveloped signatures over the whole document are accepted")));
    return info;
  }
  xmlNode* sig = sigs[0];
  xmlNode* signed_info = child(sig, "SignedInfo");
  auto refs = children(signed_info, "Reference");
  bool enveloped = false;
  if (refs.size() == 1) {
    xmlChar* uri = xmlGetProp(refs[0], xc("URI"));
    const bool whole = uri != nullptr && str(uri).empty();
    xmlFree(uri);
    for (xmlNode* t : children(child(refs[0], "Transforms"), "Transform"))
      if (algorithm(t) == kEnveloped) enveloped = whole;
  }
  if (refs.size() != 1 || !enveloped) {
    sink.add(i18n::make(
        Severity::Error, "SIG406", at_node(display, sig),
        N_("the signature does not cover the whole document ({0} reference(s); expected one "
           "Reference URI=\"\" with the enveloped-signature transform)"),
        {std::to_string(refs.size())}, {},
        N_("signatures over parts of a message are refused: they allow signature wrapping")));
    return info;
  }
  check(sig, false, display, sink, info);
  return info;
}

SignerInfo Verifier::verify_detached(const fs::path& message, const fs::path& signature,
                                     const std::string& display, DiagnosticSink& sink) const {
  SignerInfo info;
  const std::string sig_name = signature.string();
  std::error_code ec;
  if (!fs::is_regular_file(message, ec)) {
    sink.error("XML007", {display, 0, 0}, N_("no such file, or not a regular file"));
    return info;
  }
  Doc doc = xml::load_tree(signature, sig_name, state_->options.limits, sink);
  if (!doc) return info;
  xmlNode* sig = xmlDocGetRootElement(doc.get());
  if (sig->ns == nullptr || str(sig->ns->href) != kDsigNs || str(sig->name) != "Signature") {
    sink.error("SIG402", {sig_name, 0, 0},
               N_("not a detached signature (no ds:Signature document element)"));
    return info;
  }
  // One reference, to exactly this message by its file name: a detached signature for another
  // file must not pass for this one.
  auto refs = children(child(sig, "SignedInfo"), "Reference");
  std::string target;
  if (refs.size() == 1) {
    xmlChar* uri = xmlGetProp(refs[0], xc("URI"));
    if (uri != nullptr) {
      char* plain = xmlURIUnescapeString(reinterpret_cast<const char*>(uri), 0, nullptr);
      target = plain == nullptr ? "" : plain;
      xmlFree(plain);
    }
    xmlFree(uri);
  }
  if (refs.size() != 1 || target != message.filename().string()) {
    sink.add(i18n::make(Severity::Error, "SIG406", at_node(sig_name, sig),
                        N_("the detached signature covers '{0}', not {1}"),
                        {target, message.filename().string()}, {},
                        N_("give the signature file that was made for this message")));
    return info;
  }
  // The reference reads the given message, wherever the signature file lies.
  xmlChar* raw = xmlGetProp(refs[0], xc("URI"));
  DetachedScope scope(str(raw), message);
  xmlFree(raw);
  check(sig, true, sig_name, sink, info);  // findings are located in the signature file
  return info;
}

void Verifier::check(xmlNode* sig, bool detached, const std::string& display, DiagnosticSink& sink,
                     SignerInfo& info) const {
  const VerifyOptions& o = state_->options;
  const Location at{display, 0, 0};
  // Nothing of the signature is processed before its structure is known to be one ozg accepts.
  if (!transforms_allowed(sig, detached, display, sink)) return;
  auto certs = key_info_certificates(sig, display, sink);
  if (!certs) return;

  xmlNode* signed_info = child(sig, "SignedInfo");
  auto refs = children(signed_info, "Reference");
  info.algorithm = algorithm(child(signed_info, "SignatureMethod"));
  const std::string digest = algorithm(child(refs[0], "DigestMethod"));
  if (!o.allow_weak && (weak_algorithm(info.algorithm) || weak_algorithm(digest)))
    sink.add(i18n::make(Severity::Error, "SIG407", at_node(display, signed_info),
                        N_("weak algorithm: {0}"),
                        {weak_algorithm(info.algorithm) ? info.algorithm : digest}, {},
                        N_("re-sign with SHA-256; --allow-weak accepts it for old archives")));

  // The signer is the one certificate that issued none of the others; two such are two
  // candidates, and ozg does not guess.
  std::vector<X509*> leaves;
  for (const auto& c : *certs) {
    bool issued_other = false;
    for (const auto& d : *certs)
      if (c != d && X509_check_issued(c.get(), d.get()) == X509_V_OK) issued_other = true;
    if (!issued_other) leaves.push_back(c.get());
  }
  if (leaves.size() != 1) {
    sink.add(
        i18n::make(Severity::Error, "SIG413", at_node(display, child(sig, "KeyInfo")),
                   leaves.empty() ? N_("the certificates in KeyInfo issue each other in a circle")
                                  : N_("{0} certificates in KeyInfo could be the signer's"),
                   {std::to_string(leaves.size())}, {},
                   N_("KeyInfo must hold the signer certificate and, optionally, its issuers")));
    return;
  }
  X509* signer = leaves.front();
  info.subject = x509::name(X509_get_subject_name(signer));
  info.issuer = x509::name(X509_get_issuer_name(signer));
  info.serial = serial_of(signer);

  if (EVP_PKEY* pk = X509_get0_pubkey(signer); pk != nullptr &&
                                               EVP_PKEY_base_id(pk) == EVP_PKEY_RSA &&
                                               EVP_PKEY_get_bits(pk) < 2048 && !o.allow_weak)
    sink.add(i18n::make(
        Severity::Error, "SIG407", at, N_("the signer's RSA key has only {0} bits"),
        {std::to_string(EVP_PKEY_get_bits(pk))}, {},
        N_("RSA keys need at least 2048 bits; --allow-weak accepts it for old archives")));
  if ((X509_get_extension_flags(signer) & EXFLAG_KUSAGE) != 0 &&
      (X509_get_key_usage(signer) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
    sink.error("SIG408", at, N_("the signer certificate's key usage does not allow signatures"), {},
               N_("the certificate is meant for something else (e.g. encryption)"));

  // The chain, against the trust anchors.
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> untrusted(
      sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_free(s); });
  for (const auto& c : *certs)
    if (c.get() != signer) sk_X509_push(untrusted.get(), c.get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> vctx(X509_STORE_CTX_new(),
                                                                       X509_STORE_CTX_free);
  X509_STORE_CTX_init(vctx.get(), state_->store.get(), signer, untrusted.get());
  if (X509_verify_cert(vctx.get()) != 1) {
    const int err = X509_STORE_CTX_get_error(vctx.get());
    const std::string why = X509_verify_cert_error_string(err);
    if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
      sink.add(i18n::make(
          Severity::Error, "SIG405", at, N_("the signer certificate ({0}) is not valid now: {1}"),
          {info.subject, why}, {}, N_("the sender must sign with a current certificate")));
    else
      sink.add(i18n::make(
          Severity::Error, "SIG404", at, N_("the signer certificate ({0}) is not trusted: {1}"),
          {info.subject, why}, {}, N_("pass the sender's CA with --trust FILE (or --trust-dir)")));
    return;  // an untrusted signature is not worth computing
  }
  // Every certificate carried along belongs to the verified chain: nothing else rides on it.
  STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(vctx.get());
  for (const auto& c : *certs) {
    bool in_chain = false;
    for (int i = 0; i < sk_X509_num(chain); ++i)
      if (X509_cmp(sk_X509_value(chain, i), c.get()) == 0) in_chain = true;
    if (!in_chain) {
      sink.add(i18n::make(
          Severity::Error, "SIG413", at_node(display, child(sig, "KeyInfo")),
          N_("KeyInfo carries a certificate ({0}) that is not part of the signer's chain"),
          {x509::name(X509_get_subject_name(c.get()))}, {},
          N_("KeyInfo must hold the signer certificate and, optionally, its issuers")));
      return;
    }
  }

  // The signature value and the digests, with exactly the key of the certificate checked
  // above: with signKey set, xmlsec does not read KeyInfo at all.
  std::unique_ptr<xmlSecDSigCtx, decltype(&xmlSecDSigCtxDestroy)> ctx(xmlSecDSigCtxCreate(nullptr),
                                                                      xmlSecDSigCtxDestroy);
  EVP_PKEY* pub = X509_get_pubkey(signer);  // a reference, owned by the key data below
  xmlSecKeyDataPtr value = pub != nullptr ? xmlSecOpenSSLEvpKeyAdopt(pub) : nullptr;
  if (value == nullptr) EVP_PKEY_free(pub);
  xmlSecKeyPtr key = value != nullptr ? xmlSecKeyCreate() : nullptr;
  if (key != nullptr && xmlSecKeySetValue(key, value) < 0) {
    xmlSecKeyDestroy(key);
    key = nullptr;
  } else if (key == nullptr && value != nullptr) {
    xmlSecKeyDataDestroy(value);
  }
  if (!ctx || key == nullptr || !restrict_transforms(ctx.get(), detached)) {
    if (key != nullptr) xmlSecKeyDestroy(key);
    sink.add(i18n::make(Severity::Error, "SIG402", at_node(display, sig),
                        N_("the signer's key cannot be used: {0}"), {openssl_error()}, {},
                        N_("the certificate holds neither an RSA nor an EC key")));
    return;
  }
  ctx->signKey = key;  // owned by the context
  // Same-document references only, except for the one local file a detached signature names.
  ctx->enabledReferenceUris = detached ? xmlSecTransformUriTypeRemote : xmlSecTransformUriTypeEmpty;
  if (xmlSecDSigCtxVerify(ctx.get(), sig) < 0) {
    sink.add(i18n::make(Severity::Error, "SIG402", at_node(display, sig),
                        N_("the signature block cannot be processed: {0}"), {openssl_error()}, {},
                        N_("the ds:Signature element is malformed, uses an unsupported "
                           "algorithm, or an algorithm that does not fit the signer's key")));
    return;
  }
  if (ctx->status != xmlSecDSigStatusSucceeded)
    sink.error(
        "SIG403", at_node(display, sig),
        N_("the signature does not match the content: the message was changed after signing"), {},
        N_("do not edit signed messages; ask the sender to sign again"));
}

}  // namespace xoev
