// libxml2 trees from untrusted bytes: a parser context of our own whose SAX handlers refuse a
// DOCTYPE the moment it starts and count the element depth, with libxml2's errors collected
// instead of printed.
//
// Why XML_PARSE_HUGE: without it libxml2 refuses text nodes above 10 MB (xdomea documents carry
// base64 attachments larger than that) and nests at most 256 levels whatever --max-depth says.
// The dangers HUGE lifts its limits against are entities, and a tree here never has a DTD.

#include "xoev/xml/tree.hpp"

#include <fcntl.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <mutex>

#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::xml {

namespace fs = std::filesystem;

void DocFree::operator()(_xmlDoc* d) const { xmlFreeDoc(d); }

namespace {

void ignore_generic(void*, const char*, ...) {}
void ignore_structured(void*, xmlErrorPtr) {}

/// What one parse has found, reachable from libxml2's callbacks through ctxt->_private.
struct TreeParse {
  const std::string& display;
  const XmlLimits& limits;
  DiagnosticSink& sink;
  unsigned depth = 0;
  bool refused = false;  ///< A limit stopped the parse; libxml2's follow-up errors are noise.
  int errors = 0;

  void refuse(xmlParserCtxtPtr ctxt, std::string_view code, std::string message, std::string hint) {
    if (refused) return;
    refused = true;
    ++errors;
    const auto line = static_cast<uint32_t>(std::max(xmlSAX2GetLineNumber(ctxt), 0));
    const int past = xmlSAX2GetColumnNumber(ctxt);  // just past the construct, as Xerces
    const auto col = static_cast<uint32_t>(past > 1 ? past - 1 : std::max(past, 0));
    sink.error(std::string(code), Location{display, line, col}, std::move(message), {},
               std::move(hint));
    xmlStopParser(ctxt);
  }
};

TreeParse& state(void* ctx) {
  return *static_cast<TreeParse*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

void on_error(void* ctx, xmlErrorPtr e) {
  TreeParse& p = state(ctx);
  if (p.refused || e == nullptr || e->level < XML_ERR_ERROR || p.errors >= 10) return;
  ++p.errors;
  std::string msg = e->message != nullptr ? e->message : "parse error";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const bool encoding = e->code == XML_ERR_INVALID_CHAR || e->code == XML_ERR_INVALID_ENCODING ||
                        e->code == XML_ERR_UNSUPPORTED_ENCODING;
  p.sink.error(encoding ? "XML004" : "XML001",
               Location{p.display, static_cast<uint32_t>(std::max(e->line, 0)),
                        static_cast<uint32_t>(e->int2 > 1 ? e->int2 - 1 : std::max(e->int2, 0))},
               std::move(msg));
}

void on_doctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  state(ctx).refuse(static_cast<xmlParserCtxtPtr>(ctx), "XML003", "DOCTYPE not allowed",
                    "XÖV and eCH messages have none; remove it (ozg never reads DTDs or expands "
                    "entities)");
}

void on_start(void* ctx, const xmlChar* local, const xmlChar* prefix, const xmlChar* uri, int nb_ns,
              const xmlChar** ns, int nb_attr, int nb_defaulted, const xmlChar** attrs) {
  TreeParse& p = state(ctx);
  if (++p.depth > p.limits.max_depth) {
    p.refuse(static_cast<xmlParserCtxtPtr>(ctx), "XML005",
             "elements are nested deeper than " + std::to_string(p.limits.max_depth) + " levels",
             "if the message is genuine, raise the limit with --max-depth N");
    return;
  }
  xmlSAX2StartElementNs(ctx, local, prefix, uri, nb_ns, ns, nb_attr, nb_defaulted, attrs);
}

void on_end(void* ctx, const xmlChar* local, const xmlChar* prefix, const xmlChar* uri) {
  TreeParse& p = state(ctx);
  if (p.depth > 0) --p.depth;
  xmlSAX2EndElementNs(ctx, local, prefix, uri);
}

struct CtxtFree {
  void operator()(xmlParserCtxt* c) const {
    if (c->myDoc != nullptr) xmlFreeDoc(c->myDoc);  // a stopped parse leaves its tree here
    c->myDoc = nullptr;
    xmlFreeParserCtxt(c);
  }
};

bool blank(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

bool wide_encoding(std::string_view head) {
  const auto b = [&](std::size_t i) {
    return i < head.size() ? static_cast<unsigned char>(head[i]) : 1;
  };
  return (b(0) == 0xFE && b(1) == 0xFF) || (b(0) == 0xFF && b(1) == 0xFE) ||
         (b(0) == 0 &&
          (b(1) == '<' || (b(1) == 0 && (b(2) == 0xFE || b(2) == 0 || b(3) == '<')))) ||
         (b(0) == '<' && b(1) == 0);
}

void silence_libxml() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlThrDefSetGenericErrorFunc(nullptr, ignore_generic);
    xmlThrDefSetStructuredErrorFunc(nullptr, ignore_structured);
  });
  thread_local bool done = false;  // libxml2 keeps its error handlers per thread
  if (done) return;
  xmlSetGenericErrorFunc(nullptr, ignore_generic);
  xmlSetStructuredErrorFunc(nullptr, ignore_structured);
  done = true;
}

DocPtr parse_tree(std::string_view bytes, const std::string& display, const XmlLimits& limits,
                  DiagnosticSink& sink, TreeOptions options) {
  silence_libxml();
  const Location at{display, 0, 0};
  if (blank(bytes)) {
    sink.error("XML002", at, N_("the input is empty"));
    return nullptr;
  }
  if (bytes.size() > limits.max_tree_bytes || bytes.size() > INT_MAX) {
    sink.add(i18n::make(
        Severity::Error, "XML010", at,
        N_("the input has {0} MiB; at most {1} MiB are read into memory here"),
        {std::to_string(bytes.size() >> 20), std::to_string(limits.max_tree_bytes >> 20)}));
    return nullptr;
  }
  // libxml2, like Xerces, stops at a NUL byte as if the input ended there: a signed message
  // with anything appended after a NUL would verify.
  if (const auto nul = bytes.find('\0'); nul != std::string_view::npos && !wide_encoding(bytes)) {
    const std::string_view before = bytes.substr(0, nul);
    const auto line = static_cast<uint32_t>(1 + std::count(before.begin(), before.end(), '\n'));
    const std::string_view last = before.substr(before.rfind('\n') + 1);
    const auto col = static_cast<uint32_t>(1 + utf8_length(last));
    sink.error("XML001", Location{display, line, col},
               N_("NUL byte (0x00): XML does not allow it, and nothing after it was read"), {},
               N_("the file was cut, padded or concatenated with something else; remove "
                  "everything from this byte on"));
    return nullptr;
  }
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) {
    sink.error("XML007", at, N_("out of memory"));
    return nullptr;
  }
  TreeParse p{display, limits, sink};
  ctxt->_private = &p;
  xmlSAXHandler* sax = ctxt->sax;
  sax->serror = on_error;
  sax->error = nullptr;
  sax->warning = nullptr;
  sax->internalSubset = on_doctype;
  sax->externalSubset = on_doctype;
  sax->startElementNs = on_start;
  sax->endElementNs = on_end;
  // Never XML_PARSE_NOENT or XML_PARSE_DTDLOAD: nothing is substituted or loaded.
  int flags = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | XML_PARSE_HUGE;
  if (options.cdata_as_text) flags |= XML_PARSE_NOCDATA;
  if (options.drop_blanks) flags |= XML_PARSE_NOBLANKS;
  DocPtr doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                               display.c_str(), nullptr, flags));
  if (p.errors > 0 || ctxt->wellFormed == 0 || !doc || xmlDocGetRootElement(doc.get()) == nullptr) {
    if (p.errors == 0) sink.error("XML001", at, N_("not well-formed XML"));
    return nullptr;
  }
  return doc;
}

std::optional<std::string> read_regular_file(const fs::path& file, const std::string& display,
                                             std::uint64_t max_bytes, DiagnosticSink& sink) {
  const Location at{display, 0, 0};
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    sink.add(
        i18n::make(Severity::Error, "XML007", at, N_("cannot open: {0}"), {std::strerror(errno)}));
    return std::nullopt;
  }
  struct FdClose {
    int fd;
    ~FdClose() { ::close(fd); }
  } guard{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    sink.error("XML007", at,
               S_ISDIR(st.st_mode) ? N_("is a folder, not a file")
                                   : N_("not a regular file (a FIFO, socket or device); give a "
                                        "file, or '-' for standard input"));
    return std::nullopt;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    sink.add(i18n::make(Severity::Error, "XML010", at,
                        N_("the file has {0} MiB; at most {1} MiB are read into memory here"),
                        {std::to_string(st.st_size >> 20), std::to_string(max_bytes >> 20)}));
    return std::nullopt;
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::pread(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      sink.add(i18n::make(Severity::Error, "XML007", at, N_("cannot read: {0}"),
                          {std::strerror(errno)}));
      return std::nullopt;
    }
    if (n == 0) break;  // shrank while reading
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

DocPtr load_tree(const fs::path& file, const std::string& display, const XmlLimits& limits,
                 DiagnosticSink& sink, TreeOptions options) {
  auto read = read_regular_file(file, display, limits.max_tree_bytes, sink);
  if (!read) return nullptr;
  return parse_tree(*read, display, limits, sink, options);
}

}  // namespace xoev::xml
