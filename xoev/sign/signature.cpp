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
#include <xmlsec/openssl/x509.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <cstdio>
#include <memory>
#include <mutex>

#include "sign/x509_util.hpp"

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
    // xmlsec asks the most recently registered callbacks first.
    ok = ok && xmlSecIORegisterCallbacks(detached_match, detached_open, detached_read,
                                         detached_close) >= 0;
    // Findings are reported as diagnostics; xmlsec's own messages would only repeat them.
    xmlSecErrorsSetCallback(
        [](const char*, int, const char*, const char*, const char*, int, const char*) {});
  });
  return ok;
}

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocDeleter>;

/// Parses without network, without loading DTDs and without expanding entities.
Doc parse(const fs::path& file) {
  return Doc(xmlReadFile(file.c_str(), nullptr,
                         XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR));
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
    return fail(ErrorKind::Internal, "SIG400", "libxmlsec1 could not be initialised");
  Signer signer;
  signer.replace_ = o.replace;
  signer.key_ = std::make_unique<Key>();
  xmlSecKeyPtr& key = signer.key_->key;
  if (o.p12) {
    key = xmlSecCryptoAppKeyLoad(o.p12->c_str(), xmlSecKeyDataFormatPkcs12, o.password.c_str(),
                                 nullptr, nullptr);
    if (key == nullptr)
      return fail(ErrorKind::Signature, "SIG410",
                  o.p12->string() + ": cannot read the PKCS#12 file (wrong password?)");
  } else {
    key =
        xmlSecCryptoAppKeyLoad(o.key.c_str(), xmlSecKeyDataFormatPem,
                               o.password.empty() ? nullptr : o.password.c_str(), nullptr, nullptr);
    if (key == nullptr)
      return fail(ErrorKind::Signature, "SIG410",
                  o.key.string() + ": cannot read the private key (PEM; wrong password?)");
    if (xmlSecCryptoAppKeyCertLoad(key, o.cert.c_str(), xmlSecKeyDataFormatPem) < 0)
      return fail(ErrorKind::Signature, "SIG410",
                  o.cert.string() + ": cannot read the certificate (PEM)");
  }
  for (const auto& c : o.chain)
    if (xmlSecCryptoAppKeyCertLoad(key, c.c_str(), xmlSecKeyDataFormatPem) < 0)
      return fail(ErrorKind::Signature, "SIG410",
                  c.string() + ": cannot read the chain certificate (PEM)");
  const xmlSecKeyDataPtr value = xmlSecKeyGetValue(key);
  const std::string kind = value != nullptr && value->id != nullptr ? str(value->id->name) : "";
  if (kind == "rsa")
    signer.key_->method = xmlSecTransformRsaSha256Id;
  else if (kind == "ecdsa" || kind == "ec")
    signer.key_->method = xmlSecTransformEcdsaSha256Id;
  else
    return fail(ErrorKind::Signature, "SIG410", "the key is neither RSA nor ECDSA (" + kind + ")");
  return signer;
}

Result<std::string> Signer::sign(const fs::path& input) const {
  Doc doc = parse(input);
  if (!doc || xmlDocGetRootElement(doc.get()) == nullptr)
    return fail(ErrorKind::Input, "XML001",
                input.string() + ": not well-formed XML; nothing signed",
                "'ozg validate' shows where");
  auto existing = signatures(doc.get());
  if (!existing.empty()) {
    if (!replace_)
      return fail(ErrorKind::Signature, "SIG409", input.string() + " is already signed",
                  "pass --replace to remove the existing signature(s) and sign anew");
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

Result<std::string> Signer::sign_detached(const fs::path& input) const {
  std::error_code ec;
  if (!fs::is_regular_file(input, ec))
    return fail(ErrorKind::Input, "XML007", input.string() + ": no such file");
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
    return fail(ErrorKind::Signature, "SIG410",
                input.string() + ": signing failed: " + openssl_error());
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
  return signer->sign(input);
}

struct Verifier::State {
  VerifyOptions options;
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store{X509_STORE_new(), X509_STORE_free};
  std::unique_ptr<xmlSecKeysMngr, decltype(&xmlSecKeysMngrDestroy)> mngr{xmlSecKeysMngrCreate(),
                                                                         xmlSecKeysMngrDestroy};
};

Verifier::~Verifier() = default;
Verifier::Verifier(Verifier&&) noexcept = default;

Result<Verifier> Verifier::create(const VerifyOptions& o) {
  if (!xmlsec_ready())
    return fail(ErrorKind::Internal, "SIG400", "libxmlsec1 could not be initialised");
  Verifier v;
  v.state_ = std::make_unique<State>();
  v.state_->options = o;
  for (const auto& t : o.trust)
    if (X509_STORE_load_file(v.state_->store.get(), t.c_str()) != 1)
      return fail(ErrorKind::Config, "SIG404",
                  t.string() + ": cannot read the trust anchors: " + openssl_error());
  if (o.trust_dir && X509_STORE_load_path(v.state_->store.get(), o.trust_dir->c_str()) != 1)
    return fail(ErrorKind::Config, "SIG404",
                o.trust_dir->string() + ": cannot read the trust directory");
  // Loaded once: its default store reads the system's CA bundle, which costs milliseconds.
  xmlSecCryptoAppDefaultKeysMngrInit(v.state_->mngr.get());
  return v;
}

SignerInfo verify_document(const fs::path& input, const std::string& display,
                           const VerifyOptions& o, DiagnosticSink& sink) {
  auto v = Verifier::create(o);
  if (!v) {
    sink.error(v.error().code, {display, 0, 0}, v.error().message, {}, v.error().hint);
    return {};
  }
  return v->verify(input, display, sink);
}

SignerInfo Verifier::verify(const fs::path& input, const std::string& display,
                            DiagnosticSink& sink) const {
  SignerInfo info;
  const Location at{display, 0, 0};
  Doc doc = parse(input);
  if (!doc || xmlDocGetRootElement(doc.get()) == nullptr) {
    sink.error("XML001", at, "not well-formed XML", {}, "'ozg validate' shows where");
    return info;
  }
  auto sigs = signatures(doc.get());
  if (sigs.empty()) {
    sink.error("SIG401", at, "the message is not signed (no ds:Signature)", {},
               "sign it with 'ozg sign', or ask the sender for the signed message");
    return info;
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  // Exactly one signature, a child of the document element, with one Reference to the whole
  // document (URI="") through the enveloped-signature transform: anything else can leave the
  // content the caller processes unsigned (signature wrapping).
  if (sigs.size() != 1 || sigs[0]->parent != root) {
    sink.error("SIG406", {display, static_cast<uint32_t>(xmlGetLineNo(sigs[0])), 0},
               sigs.size() != 1 ? std::to_string(sigs.size()) +
                                      " signatures; exactly one enveloped signature is accepted"
                                : "the signature is not a child of the document element",
               {}, "only enveloped signatures over the whole document are accepted");
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
      if (algorithm(t) == "http://www.w3.org/2000/09/xmldsig#enveloped-signature")
        enveloped = whole;
  }
  if (refs.size() != 1 || !enveloped) {
    sink.error("SIG406", {display, static_cast<uint32_t>(xmlGetLineNo(sig)), 0},
               "the signature does not cover the whole document (" + std::to_string(refs.size()) +
                   " reference(s); expected one Reference URI=\"\" with the enveloped-signature "
                   "transform)",
               {}, "signatures over parts of a message are refused: they allow signature wrapping");
    return info;
  }
  check(sig, false, display, sink, info);
  return info;
}

SignerInfo Verifier::verify_detached(const fs::path& message, const fs::path& signature,
                                     const std::string& display, DiagnosticSink& sink) const {
  SignerInfo info;
  const std::string sig_name = signature.string();
  Doc doc = parse(signature);
  xmlNode* sig = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (sig == nullptr || sig->ns == nullptr || str(sig->ns->href) != kDsigNs ||
      str(sig->name) != "Signature") {
    sink.error("SIG402", {sig_name, 0, 0},
               "not a detached signature (no ds:Signature document element)");
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
    sink.error("SIG406", {sig_name, static_cast<uint32_t>(xmlGetLineNo(sig)), 0},
               "the detached signature covers '" + target + "', not " + message.filename().string(),
               {}, "give the signature file that was made for this message");
    return info;
  }
  // The reference reads the given message, wherever the signature file lies.
  xmlChar* raw = xmlGetProp(refs[0], xc("URI"));
  DetachedScope scope(str(raw), message);
  xmlFree(raw);
  (void)display;  // findings are located in the signature file
  check(sig, true, sig_name, sink, info);
  return info;
}

void Verifier::check(xmlNode* sig, bool detached, const std::string& display, DiagnosticSink& sink,
                     SignerInfo& info) const {
  const VerifyOptions& o = state_->options;
  const Location at{display, 0, 0};
  xmlNode* signed_info = child(sig, "SignedInfo");
  auto refs = children(signed_info, "Reference");
  info.algorithm = algorithm(child(signed_info, "SignatureMethod"));
  const std::string digest = algorithm(child(refs[0], "DigestMethod"));
  if (!o.allow_weak && (weak_algorithm(info.algorithm) || weak_algorithm(digest)))
    sink.error("SIG407", {display, static_cast<uint32_t>(xmlGetLineNo(signed_info)), 0},
               "weak algorithm: " + (weak_algorithm(info.algorithm) ? info.algorithm : digest), {},
               "re-sign with SHA-256; --allow-weak accepts it for old archives");

  // Certificates from KeyInfo: the signer is the one that issued no other.
  std::vector<X509Ptr> certs;
  for (xmlNode* x : children(child(sig, "KeyInfo"), "X509Data"))
    for (xmlNode* c : children(x, "X509Certificate"))
      if (auto cert = x509::from_base64(content(c))) certs.push_back(std::move(cert));
  if (certs.empty()) {
    sink.error("SIG402", {display, static_cast<uint32_t>(xmlGetLineNo(sig)), 0},
               "the signature carries no X.509 certificate in KeyInfo", {},
               "ozg needs the signer certificate in KeyInfo/X509Data to check who signed");
    return;
  }
  X509* signer = certs.front().get();
  for (const auto& c : certs) {
    bool issued_other = false;
    for (const auto& d : certs)
      if (c != d && X509_check_issued(c.get(), d.get()) == X509_V_OK) issued_other = true;
    if (!issued_other) {
      signer = c.get();
      break;
    }
  }
  info.subject = x509::name(X509_get_subject_name(signer));
  info.issuer = x509::name(X509_get_issuer_name(signer));
  info.serial = serial_of(signer);

  if (EVP_PKEY* pk = X509_get0_pubkey(signer); pk != nullptr &&
                                               EVP_PKEY_base_id(pk) == EVP_PKEY_RSA &&
                                               EVP_PKEY_get_bits(pk) < 2048 && !o.allow_weak)
    sink.error("SIG407", at,
               "the signer's RSA key has only " + std::to_string(EVP_PKEY_get_bits(pk)) + " bits",
               {}, "RSA keys need at least 2048 bits; --allow-weak accepts it for old archives");
  if ((X509_get_extension_flags(signer) & EXFLAG_KUSAGE) != 0 &&
      (X509_get_key_usage(signer) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
    sink.error("SIG408", at, "the signer certificate's key usage does not allow signatures", {},
               "the certificate is meant for something else (e.g. encryption)");

  // The chain, against the trust anchors.
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> untrusted(
      sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_free(s); });
  for (const auto& c : certs)
    if (c.get() != signer) sk_X509_push(untrusted.get(), c.get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> vctx(X509_STORE_CTX_new(),
                                                                       X509_STORE_CTX_free);
  X509_STORE_CTX_init(vctx.get(), state_->store.get(), signer, untrusted.get());
  if (X509_verify_cert(vctx.get()) != 1) {
    const int err = X509_STORE_CTX_get_error(vctx.get());
    const std::string why = X509_verify_cert_error_string(err);
    if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
      sink.error("SIG405", at,
                 "the signer certificate (" + info.subject + ") is not valid now: " + why, {},
                 "the sender must sign with a current certificate");
    else
      sink.error("SIG404", at,
                 "the signer certificate (" + info.subject + ") is not trusted: " + why, {},
                 "pass the sender's CA with --trust FILE (or --trust-dir)");
  }

  // The signature value and the digests, with the signer's key.
  std::unique_ptr<xmlSecDSigCtx, decltype(&xmlSecDSigCtxDestroy)> ctx(
      xmlSecDSigCtxCreate(state_->mngr.get()), xmlSecDSigCtxDestroy);
  ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;  // checked above
  // Same-document references only, except for the one local file a detached signature names.
  ctx->enabledReferenceUris = detached ? xmlSecTransformUriTypeRemote : xmlSecTransformUriTypeEmpty;
  if (xmlSecDSigCtxVerify(ctx.get(), sig) < 0) {
    sink.error("SIG402", {display, static_cast<uint32_t>(xmlGetLineNo(sig)), 0},
               "the signature block cannot be processed: " + openssl_error(), {},
               "the ds:Signature element is malformed or uses an unsupported algorithm");
    return;
  }
  if (ctx->status != xmlSecDSigStatusSucceeded)
    sink.error("SIG403", {display, static_cast<uint32_t>(xmlGetLineNo(sig)), 0},
               "the signature does not match the content: the message was changed after signing",
               {}, "do not edit signed messages; ask the sender to sign again");
}

}  // namespace xoev
