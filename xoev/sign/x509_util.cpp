#include "sign/x509_util.hpp"

#include <openssl/evp.h>

#include <cctype>

namespace xoev::x509 {

CertPtr from_base64(const std::string& b64) {
  std::string clean;
  for (char c : b64)
    if (!std::isspace(static_cast<unsigned char>(c))) clean.push_back(c);
  std::string der(clean.size() * 3 / 4 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n <= 0) return CertPtr(nullptr, X509_free);
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return CertPtr(d2i_X509(nullptr, &p, n), X509_free);
}

std::string name(const X509_NAME* n) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  X509_NAME_print_ex(bio.get(), n, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string certificate_subject(const std::string& b64) {
  auto cert = from_base64(b64);
  return cert ? name(X509_get_subject_name(cert.get())) : std::string();
}

}  // namespace xoev::x509
