#pragma once
/// Header and envelope rules: what a receiving register checks beyond the schema. Each rule has a
/// stable code (HDR6xx, explained in man/ozg-rules.7 and by `ozg explain`) and a default
/// severity that a run can change (--rule CODE=off|note|warning|error, or a config file).

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "xoev/diag/diag.hpp"
#include "xoev/inspect/inspect.hpp"
#include "xoev/model/codes.hpp"
#include "xoev/util/result.hpp"

namespace xoev {

struct RuleContext {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  /// How far in the future a message date may lie (clock skew between systems).
  std::chrono::seconds tolerance{300};
};

/// Checks the header of one message (eCH-0058/eCH-0078/eCH-0090 or XÖV nachrichtenkopf).
void check_header(const MessageFacts& msg, const std::string& file, const RuleContext& ctx,
                  DiagnosticSink& sink);

/// Checks that a sedex envelope (eCH-0090) and its data agree on message id, sender,
/// recipient and message type, where both name them.
void check_envelope(const MessageFacts& data, const std::string& data_file,
                    const MessageFacts& envelope, const std::string& envelope_file,
                    DiagnosticSink& sink);

/// Check digits of identifiers (the CHK7xx rules). Each takes the value as written in a message
/// and is false for anything that is not such a number at all.
/// Swiss AHV number (VN, eCH-0044): 13 digits, 756 first, EAN-13 check digit.
bool valid_vn(std::string_view vn);
/// Swiss UID (eCH-0097): "CHE-123.456.788", "CHE123456788" or the 9 digits alone (as
/// eCH-0021/0097 uidOrganisationId carries them, without the CHE/ADM category); mod 11 with the
/// weights 5 4 3 2 7 6 5 4, a remainder giving check digit 10 is no valid UID.
bool valid_uid(std::string_view uid);
/// IBAN (ISO 13616): two letters, two check digits, up to 30 letters or digits, spaces allowed
/// as in the printed form; valid when the rearranged number is 1 mod 97.
bool valid_iban(std::string_view iban);
/// German Steuer-IdNr (§ 139b AO): 11 digits, the first not 0, ISO 7064 MOD 11,10 check digit.
bool valid_steuer_id(std::string_view id);

/// Checks the check digit of a VN, UID, IBAN or Steuer-IdNr found in a message (CHK701-CHK704,
/// errors by default); other kinds are left to the code-list check.
void check_identifier(const TypedValue& v, DiagnosticSink& sink);

/// Parses an xs:dateTime ("2009-04-23T11:11:21.0Z", "...+02:00"; no zone: UTC) to seconds
/// (not system_clock's nanoseconds, which end in 2262). nullopt if it is not one.
std::optional<std::chrono::sys_seconds> parse_datetime(std::string_view s);

/// "HDR605=error" style settings: code -> severity, nullopt meaning off.
using SeverityOverrides = DiagnosticSink::Overrides;

/// Parses one "CODE=off|note|warning|error" setting into `out`; a bad one is a Usage error.
Result<void> parse_rule_setting(std::string_view setting, SeverityOverrides& out);

/// Reads the `rules:` mapping of a YAML config file (CODE: off|note|warning|error). A missing
/// file is not an error when `optional`; an unreadable or malformed one is (kind Config, with
/// file:line:col).
Result<SeverityOverrides> read_rule_config(const std::filesystem::path& file, bool optional);

}  // namespace xoev
