#pragma once
// Private: X.509 helpers shared by signature verification and `ozg inspect`.

#include <openssl/x509.h>

#include <memory>
#include <string>

namespace xoev::x509 {

using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

/// A certificate from the base64 text of ds:X509Certificate (white space ignored); null if it
/// does not decode.
CertPtr from_base64(const std::string& b64);

/// "CN=Einwohnerkontrolle,O=Gemeinde Beispielwil" (RFC 2253).
std::string name(const X509_NAME* n);

/// The subject (as name()) of the base64 DER certificate of a ds:X509Certificate; empty if it
/// does not decode. The XML layer's header scan gets it as its CertificateSubject.
std::string certificate_subject(const std::string& b64);

}  // namespace xoev::x509
