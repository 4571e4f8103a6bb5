// Check-digit rules (CHK7xx): identifiers whose last digit is computed from the others, so that
// a typing error is caught where the schema only checks the format.

#include <algorithm>
#include <string>

#include "xoev/diag/i18n.hpp"
#include "xoev/rules/rules.hpp"

namespace xoev {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int digit(char c) { return c - '0'; }

}  // namespace

bool valid_vn(std::string_view vn) {
  if (vn.size() != 13 || !all_digits(vn) || !vn.starts_with("756")) return false;
  // EAN-13: weights 1 and 3 alternately from the left over the first 12 digits.
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) sum += digit(vn[i]) * (i % 2 == 0 ? 1 : 3);
  return (10 - sum % 10) % 10 == digit(vn[12]);
}

bool valid_uid(std::string_view uid) {
  std::string digits;
  std::string_view rest = uid;
  if (rest.starts_with("CHE") || rest.starts_with("ADM")) rest.remove_prefix(3);
  for (char c : rest) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != '-' && c != '.' && c != ' ')
      return false;
  }
  if (digits.size() != 9) return false;
  constexpr int kWeights[] = {5, 4, 3, 2, 7, 6, 5, 4};
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += digit(digits[i]) * kWeights[i];
  const int check = 11 - sum % 11;
  if (check == 10) return false;  // such numbers are never assigned
  return (check == 11 ? 0 : check) == digit(digits[8]);
}

bool valid_iban(std::string_view iban) {
  std::string s;
  for (char c : iban) {
    if (c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    s += c;
  }
  if (s.size() < 15 || s.size() > 34) return false;
  if (!(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z') || !all_digits(s.substr(2, 2)))
    return false;
  // Move the first four characters to the end, letters become 10..35, the number mod 97 is 1.
  const std::string r = s.substr(4) + s.substr(0, 4);
  int mod = 0;
  for (char c : r) {
    if (c >= '0' && c <= '9') {
      mod = (mod * 10 + digit(c)) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      const int v = c - 'A' + 10;
      mod = (mod * 100 + v) % 97;
    } else {
      return false;
    }
  }
  return mod == 1;
}

bool valid_steuer_id(std::string_view id) {
  if (id.size() != 11 || !all_digits(id) || id[0] == '0') return false;
  // ISO 7064 MOD 11,10 (a hybrid system: sums mod 10, products mod 11).
  int product = 10;
  for (std::size_t i = 0; i < 10; ++i) {
    int sum = (digit(id[i]) + product) % 10;
    if (sum == 0) sum = 10;
    product = (sum * 2) % 11;
  }
  int check = 11 - product;
  if (check == 10) check = 0;
  return check == digit(id[10]);
}

void check_identifier(const TypedValue& v, DiagnosticSink& sink) {
  using i18n::make;
  const std::string& x = v.value;
  switch (v.kind) {
    case IdKind::Vn:
      if (!valid_vn(x))
        sink.add(make(Severity::Error, "CHK701", v.loc,
                      N_("AHV number (VN) '{0}' has a wrong check digit"), {x}, v.path,
                      N_("a VN is 756 followed by 10 digits, the last an EAN-13 check digit; the "
                         "number was mistyped or invented")));
      break;
    case IdKind::Uid:
      if (!valid_uid(x))
        sink.add(make(Severity::Error, "CHK702", v.loc, N_("UID '{0}' has a wrong check digit"),
                      {x}, v.path,
                      N_("the 9th digit of a UID (CHE-123.456.788) is a mod-11 check digit; look "
                         "the enterprise up in the UID register (uid.admin.ch)")));
      break;
    case IdKind::Iban:
      if (!valid_iban(x))
        sink.add(make(Severity::Error, "CHK703", v.loc,
                      N_("IBAN '{0}' is not valid (mod-97 check failed)"), {x}, v.path,
                      N_("an IBAN is a country code, two check digits and the account number; the "
                         "number was mistyped")));
      break;
    case IdKind::SteuerId:
      if (!valid_steuer_id(x))
        sink.add(make(Severity::Error, "CHK704", v.loc,
                      N_("Steuer-IdNr '{0}' has a wrong check digit"), {x}, v.path,
                      N_("a Steuer-IdNr has 11 digits, the first not 0, the last an ISO 7064 MOD "
                         "11,10 check digit")));
      break;
    default:
      break;
  }
}

}  // namespace xoev
