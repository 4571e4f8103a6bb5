#pragma once
/// What a person debugging a transfer asks first about a message: which standard and version,
/// which message, who sent it to whom, when, whether it is a test, whether it is signed and by
/// whom, how big it is. Read from the message itself with one streaming pass that knows the
/// header vocabularies of eCH-0058/eCH-0090 and of XÖV (nachrichtenkopf, xdomea Kopf).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "xoev/model/facts.hpp"
#include "xoev/model/standard.hpp"
#include "xoev/util/result.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev {

/// Scans a message without validating it. Not well-formed input is an Error (XML001) naming
/// the position; facts found before it are not returned.
Result<MessageFacts> read_message_facts(const std::filesystem::path& file,
                                        const xml::XmlLimits& limits);

/// For a sedex data file data_<id>.xml the envelope envl_<id>.xml beside it, and vice versa.
std::optional<std::filesystem::path> sedex_partner(const std::filesystem::path& file);

}  // namespace xoev
