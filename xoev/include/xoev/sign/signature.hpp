#pragma once
/// W3C XML Signature for messages, with the XML Security Library (libxmlsec1, OpenSSL backend):
/// an enveloped signature over the whole document (Reference URI=""), exclusive C14N, SHA-256,
/// RSA or ECDSA P-256, the signer certificate (and chain) in KeyInfo. ozg builds the signature
/// template itself. Canonicalisation and signature processing are libxmlsec1's; certificate
/// chains are checked with OpenSSL so that each failure gets its own code.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/util/result.hpp"
#include "xoev/xml/tree.hpp"

struct _xmlNode;  // libxml2's types, used only by private members
struct _xmlDoc;

namespace xoev {

struct SignOptions {
  std::filesystem::path key;                 ///< PEM private key (with cert), or
  std::filesystem::path cert;                ///< PEM signer certificate
  std::vector<std::filesystem::path> chain;  ///< PEM intermediate/CA certificates for KeyInfo
  std::optional<std::filesystem::path> p12;  ///< PKCS#12 with key and certificates instead
  std::string password;                      ///< For the key or PKCS#12; never from argv
  bool replace = false;                      ///< Remove existing signatures first
  xml::XmlLimits limits;                     ///< For reading the messages
};

/// A loaded signing key with its certificates, for signing many messages.
class Signer {
 public:
  /// Loads the key and certificates once. Unreadable files or a wrong password are Errors of
  /// kind Signature (SIG410).
  static Result<Signer> create(const SignOptions& options);
  ~Signer();
  Signer(Signer&&) noexcept;
  Signer& operator=(Signer&&) = delete;
  Signer(const Signer&) = delete;

  /// Signs `input` (named `display` in errors) and returns the signed document. A document that
  /// is already signed without `replace` is SIG409; input that the hardened loader refuses keeps
  /// its code (XML001 not well-formed, XML003 DOCTYPE, XML005, XML007, XML010), located.
  [[nodiscard]] Result<std::string> sign(const std::filesystem::path& input,
                                         const std::string& display) const;
  /// A detached signature document for `input`: one Reference to its file name, digest over its
  /// exact bytes. The message itself is not changed.
  [[nodiscard]] Result<std::string> sign_detached(const std::filesystem::path& input,
                                                  const std::string& display) const;

 private:
  Signer() = default;
  [[nodiscard]] Result<std::string> sign_and_serialize(::_xmlDoc* doc, ::_xmlNode* sig,
                                                       const std::filesystem::path& input,
                                                       unsigned uri_types) const;
  struct Key;
  std::unique_ptr<Key> key_;
  bool replace_ = false;
  xml::XmlLimits limits_;
};

/// Signs one document (Signer::create + sign).
Result<std::string> sign_document(const std::filesystem::path& input, const SignOptions& options);

struct VerifyOptions {
  std::vector<std::filesystem::path> trust;        ///< PEM files with trusted CA certificates
  std::optional<std::filesystem::path> trust_dir;  ///< OpenSSL hashed directory (/etc/ssl/certs)
  bool allow_weak = false;                         ///< Accept SHA-1 and RSA keys below 2048 bits
  xml::XmlLimits limits;                           ///< For reading messages and signatures
};

/// What verification found out about the signer (empty fields when unknown).
struct SignerInfo {
  std::string subject;
  std::string issuer;
  std::string serial;
  std::string algorithm;  ///< SignatureMethod URI
};

/// Trust anchors and libxmlsec1's key manager, loaded once for many verifications.
class Verifier {
 public:
  /// Unreadable trust anchors are an Error (kind Config, SIG404).
  static Result<Verifier> create(const VerifyOptions& options);
  ~Verifier();
  Verifier(Verifier&&) noexcept;
  Verifier& operator=(Verifier&&) = delete;
  Verifier(const Verifier&) = delete;

  /// See verify_document.
  SignerInfo verify(const std::filesystem::path& input, const std::string& display,
                    DiagnosticSink& sink) const;
  /// Verifies a detached signature file made by `ozg sign --detached`: its one Reference must
  /// name `message` by file name and match its bytes.
  SignerInfo verify_detached(const std::filesystem::path& message,
                             const std::filesystem::path& signature, const std::string& display,
                             DiagnosticSink& sink) const;

 private:
  Verifier() = default;
  /// Algorithms, certificates, chain and signature value of a located ds:Signature.
  void check(::_xmlNode* sig, bool detached, const std::string& display, DiagnosticSink& sink,
             SignerInfo& info) const;
  struct State;
  std::unique_ptr<State> state_;
};

/// Verifies the signature of `input`: structure (it must cover the document element), the
/// signature value and every reference digest, the certificate chain against the trust anchors,
/// validity period, key usage and algorithm strength. Each problem is a SIG4xx diagnostic in
/// `sink`; the signature is good if no error was added.
SignerInfo verify_document(const std::filesystem::path& input, const std::string& display,
                           const VerifyOptions& options, DiagnosticSink& sink);

}  // namespace xoev
