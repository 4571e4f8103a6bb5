// The scheme table behind parse_destination(): one line per kind of destination, each
// implemented in its own folder.

#include "xoev/transport/destination.hpp"

#include "xoev/transport/folder/folder.hpp"
#include "xoev/transport/https/http_sender.hpp"
#include "xoev/transport/sedex/sedex.hpp"

namespace xoev::transport {

namespace {

using Opener = Result<std::unique_ptr<Destination>> (*)(const std::string& url,
                                                        std::string_view rest,
                                                        const DestinationOptions& options);

struct Scheme {
  std::string_view prefix;  ///< What the URL starts with; the rest goes to `open`.
  std::string_view form;    ///< For help texts and the unknown-destination hint.
  Opener open;
};

constexpr Scheme kSchemes[] = {
    {"https://", "https://HOST/PATH", &open_https},
    {"sedex:", "sedex:/OUTBOX", &open_sedex},
    {"file:", "file:/FOLDER", &open_folder},
};

}  // namespace

std::string destination_forms() {
  std::string s;
  const std::size_t n = std::size(kSchemes);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) s += i + 1 == n ? " or " : ", ";
    s += kSchemes[i].form;
  }
  return s;
}

Result<std::unique_ptr<Destination>> parse_destination(const std::string& url,
                                                       const DestinationOptions& options) {
  for (const auto& s : kSchemes)
    if (url.starts_with(s.prefix))
      return s.open(url, std::string_view(url).substr(s.prefix.size()), options);
  if (url.starts_with("http://"))
    return fail(ErrorKind::Usage, "TRN508",
                N_("{0}: plain http is refused; messages carry personal data"), {url},
                N_("use https:// (with --cert/--key and --ca)"));
  return fail(ErrorKind::Usage, "TRN508", N_("--to {0}: unknown destination"), {url}, N_("use {0}"),
              {destination_forms()});
}

}  // namespace xoev::transport
