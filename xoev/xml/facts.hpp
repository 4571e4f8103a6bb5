#pragma once
// Private: collects MessageFacts from element events, fed either by its own plain SAX parse
// (read_message_facts) or by the validating parse, so that validation needs no second pass.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/model/facts.hpp"
#include "xoev/util/result.hpp"

namespace xoev::xml {

class FactsCollector {
 public:
  void start(std::string_view ns, std::string_view local, uint32_t line, uint32_t column);
  void text(std::string_view chars);
  /// True while inside an element whose text is a header field (callers skip transcoding
  /// other text).
  [[nodiscard]] bool wants_text() const { return !stack_.empty() && stack_.back().field; }
  void end();
  /// The facts (bytes not set); call once, after the parse.
  MessageFacts finish();

 private:
  struct Frame {
    std::string lname;   // lower-case local name
    bool field = false;  // its text is (or may be) a header field
    uint32_t line = 0;
    uint32_t column = 0;
  };
  void add_recipient(const std::string& r, const Frame& at);
  [[nodiscard]] std::string trimmed() const;

  MessageFacts facts_;
  std::vector<Frame> stack_;
  std::string text_;
  std::string event_date_;
  std::string candidate_;
  std::string directory_;  // verzeichnisdienst of the authority id that follows
};

}  // namespace xoev::xml
