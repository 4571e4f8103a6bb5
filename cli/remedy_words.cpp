// What the user of ozg's command line is told to do about a finding whose remedy lies with the
// local setup (the schemas and code lists installed, ozg's limits and options): the core states
// the remedy as data (xoev/diag/diag.hpp, Remedy), and these are its words here. `ozg receive`
// words the same remedies for the remote sender (transport/receiver.cpp, remote_hint).

#include "remedy_words.hpp"

#include <string>

namespace xoev::cli {

std::optional<i18n::Words> local_words(const Diagnostic& d) {
  const Remedy& r = *d.remedy;
  const auto arg = [&](std::size_t i) { return i < r.args.size() ? r.args[i] : std::string(); };
  switch (r.kind) {
    case Remedy::Kind::InstallSchema:
      if (d.code == "XSD113")
        return i18n::Words{
            N_("add the schema that provides it: ozg schemas add DIR (or ozg "
               "schemas fetch URL); ozg never downloads while validating")};
      if (r.args.empty())
        return i18n::Words{
            N_("install schemas with 'ozg schemas add DIR', or point --repo / "
               "OZG_HOME at the repository you meant")};
      return i18n::Words{
          N_("install the standard's schemas with 'ozg schemas add DIR' (see "
             "ozg schemas list), or name one with --schema FILE")};
    case Remedy::Kind::FixSchema:
      return i18n::Words{N_("see 'ozg schemas show {0}'; add the missing imports or pick "
                            "another version with --schema"),
                         {arg(0)}};
    case Remedy::Kind::ListRootElements:
      return i18n::Words{N_("ozg schemas show {0} lists the elements its schemas declare"),
                         {arg(0)}};
    case Remedy::Kind::InstallCodeList:
      return i18n::Words{
          N_("install it with 'ozg codelists add FILE' (genericode from XRepository)")};
    case Remedy::Kind::ListCodes: {
      std::string codes;
      for (std::size_t i = 2; i < r.args.size(); ++i)
        codes += (codes.empty() ? "'" : " '") + r.args[i] + "'";
      return i18n::Words{
          N_("nearest valid codes: {0}; 'ozg codelists show {1} --version {2}' lists all"),
          {codes, arg(0), arg(1)}};
    }
    case Remedy::Kind::RaiseLimit:
      if (arg(0) == "--max-depth")
        return i18n::Words{N_("if the message is genuine, raise the limit with --max-depth N")};
      if (arg(0) == "--max-errors") return i18n::Words{N_("raise the limit with --max-errors N")};
      return std::nullopt;
    case Remedy::Kind::RemoveDoctype:
      return i18n::Words{
          N_("XÖV/eCH messages need no DTD; remove the DOCTYPE, or pass "
             "--allow-doctype to accept an internal subset (external entities "
             "are never loaded)")};
  }
  return std::nullopt;
}

}  // namespace xoev::cli
