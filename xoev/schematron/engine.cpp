// The Schematron engine: Saxon-HE's s9api called through JNI from a Java VM that lives inside
// the ozg process.
//
// Why in-process: a Java VM takes 0.4-1 s to start and load Saxon; a batch of messages pays
// that once, and every further message costs milliseconds. Why dlopen: Java is optional for
// ozg (234 MiB of packages), so nothing links against it; without libjvm.so the validator
// notes that Schematron was not checked. Why no Java glue code: building ozg must not need a
// JDK, so every Saxon call is a JNI call (jni_min.hpp declares the few we make).
//
// One VM per process and one Saxon Processor; each compiled stylesheet (XsltExecutable) is a
// global reference kept for the process. XsltExecutable and Processor are thread-safe; a
// transformer and a document builder are made per message. Java exceptions become a C++
// JavaError inside this file and an Error at its public functions.

#include <dlfcn.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "schematron/jni_min.hpp"
#include "xoev/schematron/schematron.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/util/digest.hpp"

namespace xoev {

namespace fs = std::filesystem;
using namespace jni;

extern const char* const kSch2Xslt;  // sch2xslt.xsl, generated into the build tree

namespace {

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return static_cast<bool>(in) || in.eof();
}

struct JavaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace

std::string schematron_compiler_version() {
  static const std::string v = sha256_hex(kSch2Xslt).substr(0, 12);
  return v;
}

SchematronEngineSettings SchematronEngineSettings::defaults() {
  SchematronEngineSettings s;
  if (const char* e = std::getenv("OZG_LIBJVM"); e != nullptr && *e != '\0')
    s.libjvm = e;
  else if (const char* j = std::getenv("JAVA_HOME"); j != nullptr && *j != '\0')
    s.libjvm = fs::path(j) / "lib/server/libjvm.so";
  else
    s.libjvm = "/usr/lib/jvm/default-java/lib/server/libjvm.so";
  if (const char* e = std::getenv("OZG_SAXON_JAR"); e != nullptr && *e != '\0')
    s.saxon_jar = e;
  else
    s.saxon_jar = "/usr/share/java/Saxon-HE.jar";
  return s;
}

struct CompiledSchematron {
  jobject executable = nullptr;  // global reference to an XsltExecutable, never released
};

struct CompiledStylesheet {
  jobject executable = nullptr;  // global reference to an XsltExecutable, never released
};

struct CompiledXPath {
  JavaVM* vm = nullptr;
  jobject executable = nullptr;  // global reference to an XPathExecutable
  ~CompiledXPath();
};

struct SaxonDocument {
  JavaVM* vm = nullptr;
  jobject node = nullptr;  // global reference to an XdmNode (a document node)
  ~SaxonDocument();
};

struct SchematronEngine::Jvm {
  JavaVM* vm = nullptr;
  // Global references to the classes used, and their method ids.
  jclass String = nullptr, Throwable = nullptr, StringReader = nullptr, StringWriter = nullptr,
         File = nullptr, URI = nullptr, StreamSource = nullptr, SAXSource = nullptr,
         InputSource = nullptr, SAXParserFactory = nullptr, SAXParser = nullptr,
         XMLReader = nullptr, Processor = nullptr, DocumentBuilder = nullptr,
         XsltCompiler = nullptr, XsltExecutable = nullptr, Xslt30Transformer = nullptr,
         XdmValue = nullptr, XdmItem = nullptr, XdmNode = nullptr, Object = nullptr,
         ByteArrayOutputStream = nullptr, PrintStream = nullptr, System = nullptr;
  jmethodID String_init = nullptr, String_getBytes = nullptr, Object_toString = nullptr,
            StringReader_init = nullptr, StringWriter_init = nullptr, File_init = nullptr,
            File_toURI = nullptr, StreamSource_init_reader = nullptr,
            StreamSource_init_id = nullptr, SAXSource_init = nullptr, InputSource_init = nullptr,
            SAXParserFactory_setFeature = nullptr, SAXParserFactory_newSAXParser = nullptr,
            SAXParser_getXMLReader = nullptr, Processor_newDocumentBuilder = nullptr,
            Processor_newXsltCompiler = nullptr, Processor_newSerializer = nullptr,
            DocumentBuilder_setLineNumbering = nullptr, DocumentBuilder_build = nullptr,
            XsltCompiler_compile = nullptr, XsltExecutable_load30 = nullptr,
            T_setGlobalContextItem = nullptr, T_applyTemplatesValue = nullptr,
            T_applyTemplatesSource = nullptr, XdmValue_size = nullptr, XdmValue_itemAt = nullptr,
            XdmItem_getStringValue = nullptr, XdmNode_getLineNumber = nullptr,
            XdmNode_getColumnNumber = nullptr, Baos_reset = nullptr;
  // For ready stylesheets and XPath expressions.
  jclass XPathCompiler = nullptr, XPathExecutable = nullptr, XPathSelector = nullptr,
         XsltTransformer = nullptr, XdmDestination = nullptr, QName = nullptr, Serializer = nullptr;
  jmethodID Processor_newXPathCompiler = nullptr, XPathCompiler_declareNamespace = nullptr,
            XPathCompiler_compile = nullptr, XPathExecutable_load = nullptr,
            XPathSelector_setContextItem = nullptr, XPathSelector_effectiveBooleanValue = nullptr,
            XPathSelector_evaluateSingle = nullptr, XsltExecutable_load = nullptr,
            XsltTransformer_setInitialContextNode = nullptr, XsltTransformer_setParameter = nullptr,
            XsltTransformer_setDestination = nullptr, XsltTransformer_transform = nullptr,
            XdmDestination_init = nullptr, XdmDestination_getXdmNode = nullptr,
            QName_init = nullptr, Serializer_serializeNode = nullptr,
            InputSource_init_reader = nullptr;
  std::map<std::string, std::shared_ptr<const CompiledStylesheet>> stylesheets;  // by content
  jobject processor = nullptr;                                                   // Processor
  jobject parser_factory = nullptr;      // SAXParserFactory, hardened; guarded by parser_mu
  jobject parser_factory_dtd = nullptr;  // the same, but accepting an internal DTD subset
  jobject errors = nullptr;              // ByteArrayOutputStream behind System.err
  jobject compiler = nullptr;            // XsltExecutable of sch2xslt.xsl
  std::mutex parser_mu;
  std::mutex compile_mu;
  std::map<std::string, std::shared_ptr<const CompiledSchematron>> compiled;  // by cache key

  /// The JNIEnv of the calling thread, attaching it (as a daemon, detached at thread exit) if
  /// needed.
  JNIEnv* env() const;
};

namespace {

/// Detaches a thread that the engine attached, when the thread ends.
struct Attachment {
  JavaVM* vm = nullptr;
  ~Attachment() {
    if (vm != nullptr) vm->functions->DetachCurrentThread(vm);
  }
};
thread_local Attachment t_attachment;

/// Throws JavaError with the pending Java exception's text, clearing it.
void check(JNIEnv* e, const SchematronEngine::Jvm& j) {
  if (!OZG_JNI(e, ExceptionCheck)) return;
  jthrowable ex = OZG_JNI(e, ExceptionOccurred);
  OZG_JNI(e, ExceptionClear);
  std::string text = "Java exception";
  if (ex != nullptr && j.Object_toString != nullptr && j.String_getBytes != nullptr) {
    jobject s = OZG_JNI(e, CallObjectMethodA, ex, j.Object_toString, nullptr);
    if (!OZG_JNI(e, ExceptionCheck) && s != nullptr) {
      jvalue a[1];
      a[0].l = nullptr;
      // String.getBytes(String) with a null charset would throw; use the no-arg form below.
      jmethodID getBytes = OZG_JNI(e, GetMethodID, j.String, "getBytes", "()[B");
      jobject bytes = OZG_JNI(e, CallObjectMethodA, s, getBytes, a);
      if (!OZG_JNI(e, ExceptionCheck) && bytes != nullptr) {
        const jsize n = OZG_JNI(e, GetArrayLength, bytes);
        text.assign(static_cast<std::size_t>(n), '\0');
        OZG_JNI(e, GetByteArrayRegion, bytes, 0, n, reinterpret_cast<jbyte*>(text.data()));
      }
    }
    OZG_JNI(e, ExceptionClear);
  }
  throw JavaError(text);
}

/// Local references of one call, released at scope exit.
struct LocalFrame {
  JNIEnv* e;
  explicit LocalFrame(JNIEnv* env, int capacity = 64) : e(env) {
    if (OZG_JNI(e, PushLocalFrame, capacity) != kOk) throw JavaError("out of memory");
  }
  ~LocalFrame() { OZG_JNI(e, PopLocalFrame, nullptr); }
  LocalFrame(const LocalFrame&) = delete;
  LocalFrame& operator=(const LocalFrame&) = delete;
};

jvalue L(jobject o) {
  jvalue v;
  v.l = o;
  return v;
}
jvalue Z(bool b) {
  jvalue v;
  v.z = b ? 1 : 0;
  return v;
}
jvalue I(jint i) {
  jvalue v;
  v.i = i;
  return v;
}

}  // namespace

JNIEnv* SchematronEngine::Jvm::env() const {
  void* e = nullptr;
  if (vm->functions->GetEnv(vm, &e, kVersion1_8) == kOk) return static_cast<JNIEnv*>(e);
  if (vm->functions->AttachCurrentThreadAsDaemon(vm, &e, nullptr) != kOk)
    throw JavaError("cannot attach the thread to the Java VM");
  t_attachment.vm = vm;
  return static_cast<JNIEnv*>(e);
}

namespace {

/// Typed helpers over one JNIEnv.
struct Java {
  JNIEnv* e;
  const SchematronEngine::Jvm& j;

  jclass global_class(const char* name) {
    jclass c = OZG_JNI(e, FindClass, name);
    check(e, j);
    jclass g = OZG_JNI(e, NewGlobalRef, c);
    OZG_JNI(e, DeleteLocalRef, c);
    return g;
  }
  jmethodID method(jclass c, const char* name, const char* sig) {
    jmethodID m = OZG_JNI(e, GetMethodID, c, name, sig);
    check(e, j);
    return m;
  }
  jmethodID static_method(jclass c, const char* name, const char* sig) {
    jmethodID m = OZG_JNI(e, GetStaticMethodID, c, name, sig);
    check(e, j);
    return m;
  }
  jobject make(jclass c, jmethodID ctor, std::initializer_list<jvalue> args) {
    jobject o = OZG_JNI(e, NewObjectA, c, ctor, args.begin());
    check(e, j);
    return o;
  }
  jobject call(jobject o, jmethodID m, std::initializer_list<jvalue> args = {}) {
    jobject r = OZG_JNI(e, CallObjectMethodA, o, m, args.begin());
    check(e, j);
    return r;
  }
  void call_void(jobject o, jmethodID m, std::initializer_list<jvalue> args = {}) {
    OZG_JNI(e, CallVoidMethodA, o, m, args.begin());
    check(e, j);
  }
  bool call_bool(jobject o, jmethodID m) {
    const jboolean r = OZG_JNI(e, CallBooleanMethodA, o, m, nullptr);
    check(e, j);
    return r != 0;
  }
  jint call_int(jobject o, jmethodID m, std::initializer_list<jvalue> args = {}) {
    const jint r = OZG_JNI(e, CallIntMethodA, o, m, args.begin());
    check(e, j);
    return r;
  }
  jobject call_static(jclass c, jmethodID m, std::initializer_list<jvalue> args = {}) {
    jobject r = OZG_JNI(e, CallStaticObjectMethodA, c, m, args.begin());
    check(e, j);
    return r;
  }
  jobject global(jobject o) { return OZG_JNI(e, NewGlobalRef, o); }

  /// A java.lang.String from UTF-8 (exact for every character, unlike NewStringUTF's
  /// modified UTF-8).
  jstring str(std::string_view s) {
    jbyteArray b = OZG_JNI(e, NewByteArray, static_cast<jsize>(s.size()));
    check(e, j);
    OZG_JNI(e, SetByteArrayRegion, b, 0, static_cast<jsize>(s.size()),
            reinterpret_cast<const jbyte*>(s.data()));
    jstring utf8 = utf8_name();
    return make(j.String, j.String_init, {L(b), L(utf8)});
  }
  jstring utf8_name() {
    static constexpr std::string_view kName = "UTF-8";
    jbyteArray b = OZG_JNI(e, NewByteArray, static_cast<jsize>(kName.size()));
    check(e, j);
    OZG_JNI(e, SetByteArrayRegion, b, 0, static_cast<jsize>(kName.size()),
            reinterpret_cast<const jbyte*>(kName.data()));
    jmethodID ascii = OZG_JNI(e, GetMethodID, j.String, "<init>", "([B)V");
    check(e, j);
    return make(j.String, ascii, {L(b)});
  }
  std::string text(jobject s) {
    if (s == nullptr) return {};
    jobject bytes = call(s, j.String_getBytes, {L(utf8_name())});
    const jsize n = OZG_JNI(e, GetArrayLength, bytes);
    std::string out(static_cast<std::size_t>(n), '\0');
    OZG_JNI(e, GetByteArrayRegion, bytes, 0, n, reinterpret_cast<jbyte*>(out.data()));
    return out;
  }
  std::string to_string(jobject o) { return text(call(o, j.Object_toString)); }
  /// file:/... URI of a path, as Java writes it.
  jstring uri(const fs::path& p) {
    jobject f = make(j.File, j.File_init, {L(str(fs::absolute(p).string()))});
    return call(call(f, j.File_toURI), j.Object_toString);
  }
  /// What Saxon wrote to System.err since the last call (its error listener's report).
  std::string take_errors() {
    std::string s = to_string(j.errors);
    call_void(j.errors, j.Baos_reset);
    return s;
  }
};

/// Saxon's error report, trimmed to its essential lines.
std::string tidy(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  std::string out;
  for (char c : s)
    if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
  constexpr std::size_t kMax = 600;
  if (out.size() > kMax) out = out.substr(0, kMax) + " ...";
  return out;
}

}  // namespace

Result<SchematronEngine*> SchematronEngine::instance(const SchematronEngineSettings& settings) {
  static std::once_flag once;
  static Result<SchematronEngine*> engine =
      fail(ErrorKind::Config, "SCH210", N_("the Schematron engine was not started"));
  std::call_once(once, [&] {
    auto unavailable = [](const char* why, std::vector<std::string> args) {
      return fail(ErrorKind::Config, "SCH210", why, std::move(args));
    };
    std::error_code ec;
    if (!fs::is_regular_file(settings.saxon_jar, ec)) {
      engine = unavailable(N_("no Saxon-HE at {0}"), {settings.saxon_jar.string()});
      return;
    }
    void* lib = ::dlopen(settings.libjvm.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (lib == nullptr) {
      const char* why = ::dlerror();
      engine = why != nullptr
                   ? unavailable(N_("no Java VM at {0} ({1})"), {settings.libjvm.string(), why})
                   : unavailable(N_("no Java VM at {0}"), {settings.libjvm.string()});
      return;
    }
    auto create = reinterpret_cast<CreateJavaVM>(::dlsym(lib, "JNI_CreateJavaVM"));
    if (create == nullptr) {
      engine = unavailable(N_("{0} has no JNI_CreateJavaVM"), {settings.libjvm.string()});
      return;
    }
    // -Xrs: the VM leaves SIGINT, SIGTERM, SIGHUP and SIGQUIT to ozg. A small heap and the
    // serial collector suit a command-line run; C1 only (TieredStopAtLevel=1) starts faster.
    std::vector<std::string> opts = {
        "-Djava.class.path=" + settings.saxon_jar.string(),
        "-Xrs",
        "-Xmx" + std::to_string(settings.max_heap_mib) + "m",
        "-Xss4m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        "-Djava.awt.headless=true",
        // Nothing from a network: every URL connection (a stylesheet's doc() or document(),
        // an include Saxon resolves) goes to a proxy on the closed loopback port 9 (the
        // discard port), loopback addresses included (no nonProxyHosts), and fails. Messages
        // are parsed without fetching anything at all.
        "-Dhttp.proxyHost=127.0.0.1",
        "-Dhttp.proxyPort=9",
        "-Dhttp.nonProxyHosts=",
        "-Dhttps.proxyHost=127.0.0.1",
        "-Dhttps.proxyPort=9",
        "-Dftp.proxyHost=127.0.0.1",
        "-Dftp.proxyPort=9",
        "-Dftp.nonProxyHosts=",
        "-DsocksProxyHost=127.0.0.1",
        "-DsocksProxyPort=9",
        // Should something listen on that port, nothing waits for it for long.
        "-Dsun.net.client.defaultConnectTimeout=2000",
        "-Dsun.net.client.defaultReadTimeout=2000",
    };
    std::vector<JavaVMOption> vmopts;
    for (auto& o : opts) vmopts.push_back({o.data(), nullptr});
    JavaVMInitArgs args{kVersion1_8, static_cast<jint>(vmopts.size()), vmopts.data(), 0};
    auto jvm = std::make_unique<Jvm>();
    void* env = nullptr;
    if (create(&jvm->vm, &env, &args) != kOk) {
      engine = unavailable(N_("the Java VM in {0} does not start"), {settings.libjvm.string()});
      return;
    }
    auto* e = static_cast<JNIEnv*>(env);
    auto* self = new SchematronEngine();  // lives as long as the process, like the VM
    try {
      Jvm& j = *jvm;
      Java J{e, j};
      LocalFrame frame(e, 256);
      j.Object = J.global_class("java/lang/Object");
      j.Object_toString = J.method(j.Object, "toString", "()Ljava/lang/String;");
      j.String = J.global_class("java/lang/String");
      j.String_init = J.method(j.String, "<init>", "([BLjava/lang/String;)V");
      j.String_getBytes = J.method(j.String, "getBytes", "(Ljava/lang/String;)[B");
      j.StringReader = J.global_class("java/io/StringReader");
      j.StringReader_init = J.method(j.StringReader, "<init>", "(Ljava/lang/String;)V");
      j.StringWriter = J.global_class("java/io/StringWriter");
      j.StringWriter_init = J.method(j.StringWriter, "<init>", "()V");
      j.File = J.global_class("java/io/File");
      j.File_init = J.method(j.File, "<init>", "(Ljava/lang/String;)V");
      j.File_toURI = J.method(j.File, "toURI", "()Ljava/net/URI;");
      j.StreamSource = J.global_class("javax/xml/transform/stream/StreamSource");
      j.StreamSource_init_reader =
          J.method(j.StreamSource, "<init>", "(Ljava/io/Reader;Ljava/lang/String;)V");
      j.StreamSource_init_id = J.method(j.StreamSource, "<init>", "(Ljava/lang/String;)V");
      j.SAXSource = J.global_class("javax/xml/transform/sax/SAXSource");
      j.SAXSource_init =
          J.method(j.SAXSource, "<init>", "(Lorg/xml/sax/XMLReader;Lorg/xml/sax/InputSource;)V");
      j.InputSource = J.global_class("org/xml/sax/InputSource");
      j.InputSource_init = J.method(j.InputSource, "<init>", "(Ljava/lang/String;)V");
      j.InputSource_init_reader = J.method(j.InputSource, "<init>", "(Ljava/io/Reader;)V");
      j.SAXParserFactory = J.global_class("javax/xml/parsers/SAXParserFactory");
      j.SAXParserFactory_setFeature =
          J.method(j.SAXParserFactory, "setFeature", "(Ljava/lang/String;Z)V");
      j.SAXParserFactory_newSAXParser =
          J.method(j.SAXParserFactory, "newSAXParser", "()Ljavax/xml/parsers/SAXParser;");
      j.SAXParser = J.global_class("javax/xml/parsers/SAXParser");
      j.SAXParser_getXMLReader = J.method(j.SAXParser, "getXMLReader", "()Lorg/xml/sax/XMLReader;");
      j.ByteArrayOutputStream = J.global_class("java/io/ByteArrayOutputStream");
      j.Baos_reset = J.method(j.ByteArrayOutputStream, "reset", "()V");
      j.PrintStream = J.global_class("java/io/PrintStream");
      j.System = J.global_class("java/lang/System");

      // Saxon's error listener writes to System.err: capture it, to put it in our errors.
      jobject baos =
          J.make(j.ByteArrayOutputStream, J.method(j.ByteArrayOutputStream, "<init>", "()V"), {});
      jobject ps =
          J.make(j.PrintStream,
                 J.method(j.PrintStream, "<init>", "(Ljava/io/OutputStream;ZLjava/lang/String;)V"),
                 {L(baos), Z(true), L(J.utf8_name())});
      J.call_static(j.System, J.static_method(j.System, "setErr", "(Ljava/io/PrintStream;)V"),
                    {L(ps)});
      j.errors = J.global(baos);

      // Two hardened SAX parser factories: no external entities or DTDs, secure processing,
      // and one of them refusing any DOCTYPE.
      jmethodID newInstance = J.static_method(j.SAXParserFactory, "newInstance",
                                              "()Ljavax/xml/parsers/SAXParserFactory;");
      jmethodID setNs = J.method(j.SAXParserFactory, "setNamespaceAware", "(Z)V");
      for (int strict = 0; strict < 2; ++strict) {
        jobject f = J.call_static(j.SAXParserFactory, newInstance);
        J.call_void(f, setNs, {Z(true)});
        const std::pair<const char*, bool> features[] = {
            {"http://javax.xml.XMLConstants/feature/secure-processing", true},
            {"http://xml.org/sax/features/external-general-entities", false},
            {"http://xml.org/sax/features/external-parameter-entities", false},
            {"http://apache.org/xml/features/nonvalidating/load-external-dtd", false},
            {"http://apache.org/xml/features/disallow-doctype-decl", strict == 1},
        };
        for (const auto& [name, on] : features)
          J.call_void(f, j.SAXParserFactory_setFeature, {L(J.str(name)), Z(on)});
        (strict == 1 ? j.parser_factory : j.parser_factory_dtd) = J.global(f);
      }

      j.Processor = J.global_class("net/sf/saxon/s9api/Processor");
      j.Processor_newDocumentBuilder =
          J.method(j.Processor, "newDocumentBuilder", "()Lnet/sf/saxon/s9api/DocumentBuilder;");
      j.Processor_newXsltCompiler =
          J.method(j.Processor, "newXsltCompiler", "()Lnet/sf/saxon/s9api/XsltCompiler;");
      j.Processor_newSerializer = J.method(j.Processor, "newSerializer",
                                           "(Ljava/io/Writer;)Lnet/sf/saxon/s9api/Serializer;");
      j.DocumentBuilder = J.global_class("net/sf/saxon/s9api/DocumentBuilder");
      j.DocumentBuilder_setLineNumbering = J.method(j.DocumentBuilder, "setLineNumbering", "(Z)V");
      j.DocumentBuilder_build = J.method(
          j.DocumentBuilder, "build", "(Ljavax/xml/transform/Source;)Lnet/sf/saxon/s9api/XdmNode;");
      j.XsltCompiler = J.global_class("net/sf/saxon/s9api/XsltCompiler");
      j.XsltCompiler_compile =
          J.method(j.XsltCompiler, "compile",
                   "(Ljavax/xml/transform/Source;)Lnet/sf/saxon/s9api/XsltExecutable;");
      j.XsltExecutable = J.global_class("net/sf/saxon/s9api/XsltExecutable");
      j.XsltExecutable_load30 =
          J.method(j.XsltExecutable, "load30", "()Lnet/sf/saxon/s9api/Xslt30Transformer;");
      j.Xslt30Transformer = J.global_class("net/sf/saxon/s9api/Xslt30Transformer");
      j.T_setGlobalContextItem =
          J.method(j.Xslt30Transformer, "setGlobalContextItem", "(Lnet/sf/saxon/s9api/XdmItem;)V");
      j.T_applyTemplatesValue =
          J.method(j.Xslt30Transformer, "applyTemplates",
                   "(Lnet/sf/saxon/s9api/XdmValue;)Lnet/sf/saxon/s9api/XdmValue;");
      j.T_applyTemplatesSource =
          J.method(j.Xslt30Transformer, "applyTemplates",
                   "(Ljavax/xml/transform/Source;Lnet/sf/saxon/s9api/Destination;)V");
      j.XdmValue = J.global_class("net/sf/saxon/s9api/XdmValue");
      j.XdmValue_size = J.method(j.XdmValue, "size", "()I");
      j.XdmValue_itemAt = J.method(j.XdmValue, "itemAt", "(I)Lnet/sf/saxon/s9api/XdmItem;");
      j.XdmItem = J.global_class("net/sf/saxon/s9api/XdmItem");
      j.XdmItem_getStringValue = J.method(j.XdmItem, "getStringValue", "()Ljava/lang/String;");
      j.XdmNode = J.global_class("net/sf/saxon/s9api/XdmNode");
      j.XdmNode_getLineNumber = J.method(j.XdmNode, "getLineNumber", "()I");
      j.XdmNode_getColumnNumber = J.method(j.XdmNode, "getColumnNumber", "()I");

      j.Processor_newXPathCompiler =
          J.method(j.Processor, "newXPathCompiler", "()Lnet/sf/saxon/s9api/XPathCompiler;");
      j.XPathCompiler = J.global_class("net/sf/saxon/s9api/XPathCompiler");
      j.XPathCompiler_declareNamespace =
          J.method(j.XPathCompiler, "declareNamespace", "(Ljava/lang/String;Ljava/lang/String;)V");
      j.XPathCompiler_compile = J.method(
          j.XPathCompiler, "compile", "(Ljava/lang/String;)Lnet/sf/saxon/s9api/XPathExecutable;");
      j.XPathExecutable = J.global_class("net/sf/saxon/s9api/XPathExecutable");
      j.XPathExecutable_load =
          J.method(j.XPathExecutable, "load", "()Lnet/sf/saxon/s9api/XPathSelector;");
      j.XPathSelector = J.global_class("net/sf/saxon/s9api/XPathSelector");
      j.XPathSelector_setContextItem =
          J.method(j.XPathSelector, "setContextItem", "(Lnet/sf/saxon/s9api/XdmItem;)V");
      j.XPathSelector_effectiveBooleanValue =
          J.method(j.XPathSelector, "effectiveBooleanValue", "()Z");
      j.XPathSelector_evaluateSingle =
          J.method(j.XPathSelector, "evaluateSingle", "()Lnet/sf/saxon/s9api/XdmItem;");
      j.XsltExecutable_load =
          J.method(j.XsltExecutable, "load", "()Lnet/sf/saxon/s9api/XsltTransformer;");
      j.XsltTransformer = J.global_class("net/sf/saxon/s9api/XsltTransformer");
      j.XsltTransformer_setInitialContextNode =
          J.method(j.XsltTransformer, "setInitialContextNode", "(Lnet/sf/saxon/s9api/XdmNode;)V");
      j.XsltTransformer_setParameter =
          J.method(j.XsltTransformer, "setParameter",
                   "(Lnet/sf/saxon/s9api/QName;Lnet/sf/saxon/s9api/XdmValue;)V");
      j.XsltTransformer_setDestination =
          J.method(j.XsltTransformer, "setDestination", "(Lnet/sf/saxon/s9api/Destination;)V");
      j.XsltTransformer_transform = J.method(j.XsltTransformer, "transform", "()V");
      j.XdmDestination = J.global_class("net/sf/saxon/s9api/XdmDestination");
      j.XdmDestination_init = J.method(j.XdmDestination, "<init>", "()V");
      j.XdmDestination_getXdmNode =
          J.method(j.XdmDestination, "getXdmNode", "()Lnet/sf/saxon/s9api/XdmNode;");
      j.QName = J.global_class("net/sf/saxon/s9api/QName");
      j.QName_init = J.method(j.QName, "<init>", "(Ljava/lang/String;)V");
      j.Serializer = J.global_class("net/sf/saxon/s9api/Serializer");
      j.Serializer_serializeNode =
          J.method(j.Serializer, "serializeNode", "(Lnet/sf/saxon/s9api/XdmNode;)V");

      j.processor =
          J.global(J.make(j.Processor, J.method(j.Processor, "<init>", "(Z)V"), {Z(false)}));
      jclass version = J.global_class("net/sf/saxon/Version");
      self->saxon_version_ = J.text(J.call_static(
          version, J.static_method(version, "getProductVersion", "()Ljava/lang/String;")));

    } catch (const JavaError& ex) {
      engine = unavailable(N_("Saxon-HE does not start in the Java VM: {0}"), {tidy(ex.what())});
      return;
    }
    self->jvm_ = std::move(jvm);
    engine = self;
  });
  return engine;
}

Result<std::shared_ptr<const CompiledSchematron>> SchematronEngine::compile(
    const fs::path& sch, const std::vector<fs::path>& files, const fs::path& cache_dir) {
  // The key: the compiler and every file of the rules, by content.
  std::string material = kSch2Xslt;
  for (const auto& f : files) {
    std::string bytes;
    if (!read_file(f, bytes))
      return fail(ErrorKind::Config, "SCH212", N_("cannot read {0}"), {f.string()},
                  N_("add the Schematron file again with 'ozg schematron add'"));
    material += '\0' + f.lexically_relative(sch.parent_path()).string() + '\0' + bytes;
  }
  const std::string key = sha256_hex(material);
  Jvm& j = *jvm_;
  std::lock_guard lock(j.compile_mu);  // one compile at a time; the rest wait for its result
  if (auto it = j.compiled.find(key); it != j.compiled.end()) return it->second;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 64);
    const fs::path cached = cache_dir / (key.substr(0, 32) + ".xsl");
    std::string xslt;
    if (!read_file(cached, xslt) || xslt.empty()) {
      xslt.clear();
      if (j.compiler == nullptr) {  // the compiler itself, compiled on the first cache miss
        jobject comp = J.call(j.processor, j.Processor_newXsltCompiler);
        jobject reader = J.make(j.StringReader, j.StringReader_init, {L(J.str(kSch2Xslt))});
        jobject src = J.make(j.StreamSource, j.StreamSource_init_reader,
                             {L(reader), L(J.str("urn:ozg:sch2xslt.xsl"))});
        j.compiler = J.global(J.call(comp, j.XsltCompiler_compile, {L(src)}));
        (void)J.take_errors();
      }
      jobject t = J.call(j.compiler, j.XsltExecutable_load30);
      jobject writer = J.make(j.StringWriter, j.StringWriter_init, {});
      jobject ser = J.call(j.processor, j.Processor_newSerializer, {L(writer)});
      jobject src = J.make(j.StreamSource, j.StreamSource_init_id, {L(J.uri(sch))});
      try {
        J.call_void(t, j.T_applyTemplatesSource, {L(src), L(ser)});
      } catch (const JavaError& ex) {
        std::string report = tidy(J.take_errors());
        return fail(ErrorKind::Config, "SCH212", N_("{0} cannot be compiled to XSLT: {1}"),
                    {sch.string(), report.empty() ? tidy(ex.what()) : report});
      }
      xslt = J.to_string(writer);
      std::error_code ec;
      fs::create_directories(cache_dir, ec);
      if (!ec) (void)write_file_atomically(cached, xslt);  // no cache when read-only
    }
    // Compiled with the .sch's URI as base, so that relative doc() calls in rules still work.
    jobject comp = J.call(j.processor, j.Processor_newXsltCompiler);
    jobject reader = J.make(j.StringReader, j.StringReader_init, {L(J.str(xslt))});
    jobject src = J.make(j.StreamSource, j.StreamSource_init_reader, {L(reader), L(J.uri(sch))});
    jobject exe = nullptr;
    try {
      exe = J.call(comp, j.XsltCompiler_compile, {L(src)});
    } catch (const JavaError& ex) {
      std::string report = tidy(J.take_errors());
      return fail(ErrorKind::Config, "SCH212", N_("{0}: the rules do not compile: {1}"),
                  {sch.string(), report.empty() ? tidy(ex.what()) : report});
    }
    auto out = std::make_shared<CompiledSchematron>();
    out->executable = J.global(exe);
    j.compiled.emplace(key, out);
    return std::shared_ptr<const CompiledSchematron>(out);
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Config, "SCH212", "{0}: {1}", {sch.string(), tidy(ex.what())});
  }
}

Result<std::vector<SchematronFinding>> SchematronEngine::check(const CompiledSchematron& rules,
                                                               const fs::path& message,
                                                               bool allow_doctype) {
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 128);
    jobject reader = nullptr;
    {
      std::lock_guard lock(j.parser_mu);  // SAXParserFactory is not thread-safe
      jobject p = J.call(allow_doctype ? j.parser_factory_dtd : j.parser_factory,
                         j.SAXParserFactory_newSAXParser);
      reader = J.call(p, j.SAXParser_getXMLReader);
    }
    jobject input = J.make(j.InputSource, j.InputSource_init, {L(J.uri(message))});
    jobject source = J.make(j.SAXSource, j.SAXSource_init, {L(reader), L(input)});
    jobject builder = J.call(j.processor, j.Processor_newDocumentBuilder);
    J.call_void(builder, j.DocumentBuilder_setLineNumbering, {Z(true)});
    jobject doc = nullptr;
    try {
      doc = J.call(builder, j.DocumentBuilder_build, {L(source)});
    } catch (const JavaError& ex) {
      return fail(ErrorKind::Input, "SCH213",
                  N_("the message cannot be read for the Schematron rules: {0}"),
                  {tidy(ex.what())});
    }
    jobject t = J.call(rules.executable, j.XsltExecutable_load30);
    J.call_void(t, j.T_setGlobalContextItem, {L(doc)});
    jobject result = nullptr;
    try {
      result = J.call(t, j.T_applyTemplatesValue, {L(doc)});
    } catch (const JavaError& ex) {
      (void)J.take_errors();
      return fail(ErrorKind::Input, "SCH213", N_("a Schematron rule failed on this message: {0}"),
                  {tidy(ex.what())});
    }
    const jint n = J.call_int(result, j.XdmValue_size);
    std::vector<SchematronFinding> out;
    constexpr jint kItems = 8;
    for (jint i = 0; i + kItems <= n; i += kItems) {
      LocalFrame per(e, 32);
      auto item = [&](jint k) { return J.call(result, j.XdmValue_itemAt, {I(i + k)}); };
      auto text = [&](jint k) { return J.text(J.call(item(k), j.XdmItem_getStringValue)); };
      SchematronFinding f;
      f.report = text(0) == "report";
      f.id = text(1);
      f.flag = text(2);
      f.role = text(3);
      f.path = text(4);
      f.text = text(5);
      f.diagnostics = text(6);
      jobject node = item(7);
      if (OZG_JNI(e, IsInstanceOf, node, j.XdmNode)) {
        const jint line = J.call_int(node, j.XdmNode_getLineNumber);
        const jint col = J.call_int(node, j.XdmNode_getColumnNumber);
        f.line = line > 0 ? static_cast<unsigned>(line) : 0;
        f.column = col > 0 ? static_cast<unsigned>(col) : 0;
      }
      out.push_back(std::move(f));
    }
    return out;
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Internal, "SCH213", N_("Schematron engine: {0}"), {tidy(ex.what())});
  }
}

namespace {

/// Deletes a global reference from whichever thread drops the last owner.
void release_global(JavaVM* vm, jobject ref) {
  if (vm == nullptr || ref == nullptr) return;
  void* e = nullptr;
  if (vm->functions->GetEnv(vm, &e, kVersion1_8) != kOk &&
      vm->functions->AttachCurrentThreadAsDaemon(vm, &e, nullptr) != kOk)
    return;  // the VM is going away with the process
  OZG_JNI(static_cast<JNIEnv*>(e), DeleteGlobalRef, ref);
}

}  // namespace

CompiledXPath::~CompiledXPath() { release_global(vm, executable); }
SaxonDocument::~SaxonDocument() { release_global(vm, node); }

Result<std::shared_ptr<const CompiledStylesheet>> SchematronEngine::compile_xslt(
    const fs::path& xsl) {
  std::string bytes;
  if (!read_file(xsl, bytes))
    return fail(ErrorKind::Config, "SCH212", N_("cannot read {0}"), {xsl.string()});
  const std::string key = sha256_hex(fs::absolute(xsl).lexically_normal().string() + '\0' + bytes);
  Jvm& j = *jvm_;
  std::lock_guard lock(j.compile_mu);
  if (auto it = j.stylesheets.find(key); it != j.stylesheets.end()) return it->second;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 64);
    jobject comp = J.call(j.processor, j.Processor_newXsltCompiler);
    jobject src = J.make(j.StreamSource, j.StreamSource_init_id, {L(J.uri(xsl))});
    jobject exe = nullptr;
    try {
      exe = J.call(comp, j.XsltCompiler_compile, {L(src)});
    } catch (const JavaError& ex) {
      std::string report = tidy(J.take_errors());
      return fail(ErrorKind::Config, "SCH212", N_("{0} does not compile: {1}"),
                  {xsl.string(), report.empty() ? tidy(ex.what()) : report});
    }
    (void)J.take_errors();  // warnings of the compiler
    auto out = std::make_shared<CompiledStylesheet>();
    out->executable = J.global(exe);
    j.stylesheets.emplace(key, out);
    return std::shared_ptr<const CompiledStylesheet>(out);
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Config, "SCH212", "{0}: {1}", {xsl.string(), tidy(ex.what())});
  }
}

Result<std::shared_ptr<const CompiledXPath>> SchematronEngine::compile_xpath(
    std::string_view expression, const NamespaceBindings& namespaces) {
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 64);
    jobject comp = J.call(j.processor, j.Processor_newXPathCompiler);
    for (const auto& [prefix, uri] : namespaces)
      J.call_void(comp, j.XPathCompiler_declareNamespace, {L(J.str(prefix)), L(J.str(uri))});
    jobject exe = nullptr;
    try {
      exe = J.call(comp, j.XPathCompiler_compile, {L(J.str(expression))});
    } catch (const JavaError& ex) {
      (void)J.take_errors();
      return fail(ErrorKind::Config, "SCH212",
                  N_("the XPath expression '{0}' does not compile: {1}"),
                  {std::string(expression), tidy(ex.what())});
    }
    auto out = std::make_shared<CompiledXPath>();
    out->vm = j.vm;
    out->executable = J.global(exe);
    return std::shared_ptr<const CompiledXPath>(out);
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Internal, "SCH212", N_("Schematron engine: {0}"), {tidy(ex.what())});
  }
}

namespace {

/// Builds a document from a SAX source with one of the hardened parser factories.
jobject build_document(Java& J, const SchematronEngine::Jvm& j, std::mutex& parser_mu,
                       jobject factory, jobject input) {
  jobject reader = nullptr;
  {
    std::lock_guard lock(parser_mu);  // SAXParserFactory is not thread-safe
    jobject p = J.call(factory, j.SAXParserFactory_newSAXParser);
    reader = J.call(p, j.SAXParser_getXMLReader);
  }
  jobject source = J.make(j.SAXSource, j.SAXSource_init, {L(reader), L(input)});
  jobject builder = J.call(j.processor, j.Processor_newDocumentBuilder);
  J.call_void(builder, j.DocumentBuilder_setLineNumbering, {Z(true)});
  return J.call(builder, j.DocumentBuilder_build, {L(source)});
}

}  // namespace

Result<std::shared_ptr<const SaxonDocument>> SchematronEngine::parse(const fs::path& file,
                                                                     bool allow_doctype) {
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 64);
    jobject input = J.make(j.InputSource, j.InputSource_init, {L(J.uri(file))});
    jobject doc = nullptr;
    try {
      doc = build_document(J, j, j.parser_mu,
                           allow_doctype ? j.parser_factory_dtd : j.parser_factory, input);
    } catch (const JavaError& ex) {
      return fail(ErrorKind::Input, "SCH213", N_("the document cannot be read: {0}"),
                  {tidy(ex.what())});
    }
    auto out = std::make_shared<SaxonDocument>();
    out->vm = j.vm;
    out->node = J.global(doc);
    return std::shared_ptr<const SaxonDocument>(out);
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Internal, "SCH213", N_("Schematron engine: {0}"), {tidy(ex.what())});
  }
}

Result<std::shared_ptr<const SaxonDocument>> SchematronEngine::parse_text(std::string_view xml) {
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 64);
    jobject reader = J.make(j.StringReader, j.StringReader_init, {L(J.str(xml))});
    jobject input = J.make(j.InputSource, j.InputSource_init_reader, {L(reader)});
    jobject doc = nullptr;
    try {
      doc = build_document(J, j, j.parser_mu, j.parser_factory, input);
    } catch (const JavaError& ex) {
      return fail(ErrorKind::Input, "SCH213", N_("the document cannot be read: {0}"),
                  {tidy(ex.what())});
    }
    auto out = std::make_shared<SaxonDocument>();
    out->vm = j.vm;
    out->node = J.global(doc);
    return std::shared_ptr<const SaxonDocument>(out);
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Internal, "SCH213", N_("Schematron engine: {0}"), {tidy(ex.what())});
  }
}

Result<bool> SchematronEngine::test(const CompiledXPath& xpath, const SaxonDocument& doc) {
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 32);
    jobject sel = J.call(xpath.executable, j.XPathExecutable_load);
    J.call_void(sel, j.XPathSelector_setContextItem, {L(doc.node)});
    try {
      return J.call_bool(sel, j.XPathSelector_effectiveBooleanValue);
    } catch (const JavaError& ex) {
      (void)J.take_errors();
      return fail(ErrorKind::Input, "SCH213", "{0}", {tidy(ex.what())});
    }
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Internal, "SCH213", N_("Schematron engine: {0}"), {tidy(ex.what())});
  }
}

std::pair<unsigned, unsigned> SchematronEngine::locate(const SaxonDocument& doc,
                                                       std::string_view path,
                                                       const NamespaceBindings& namespaces) {
  auto xpath = compile_xpath(path, namespaces);
  if (!xpath) return {0, 0};
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 32);
    jobject sel = J.call((*xpath)->executable, j.XPathExecutable_load);
    J.call_void(sel, j.XPathSelector_setContextItem, {L(doc.node)});
    jobject item = J.call(sel, j.XPathSelector_evaluateSingle);
    if (item == nullptr || !OZG_JNI(e, IsInstanceOf, item, j.XdmNode)) return {0, 0};
    const jint line = J.call_int(item, j.XdmNode_getLineNumber);
    const jint col = J.call_int(item, j.XdmNode_getColumnNumber);
    return {line > 0 ? static_cast<unsigned>(line) : 0, col > 0 ? static_cast<unsigned>(col) : 0};
  } catch (const JavaError&) {
    return {0, 0};
  }
}

Result<std::shared_ptr<const SaxonDocument>> SchematronEngine::transform(
    const CompiledStylesheet& xslt, const SaxonDocument& input,
    const std::vector<std::pair<std::string, const SaxonDocument*>>& parameters) {
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 64);
    jobject t = J.call(xslt.executable, j.XsltExecutable_load);
    J.call_void(t, j.XsltTransformer_setInitialContextNode, {L(input.node)});
    for (const auto& [name, value] : parameters) {
      jobject qname = J.make(j.QName, j.QName_init, {L(J.str(name))});
      J.call_void(t, j.XsltTransformer_setParameter, {L(qname), L(value->node)});
    }
    jobject dest = J.make(j.XdmDestination, j.XdmDestination_init, {});
    J.call_void(t, j.XsltTransformer_setDestination, {L(dest)});
    try {
      J.call_void(t, j.XsltTransformer_transform);
    } catch (const JavaError& ex) {
      std::string report = tidy(J.take_errors());
      return fail(ErrorKind::Input, "SCH213", "{0}", {report.empty() ? tidy(ex.what()) : report});
    }
    (void)J.take_errors();  // xsl:message output
    auto out = std::make_shared<SaxonDocument>();
    out->vm = j.vm;
    out->node = J.global(J.call(dest, j.XdmDestination_getXdmNode));
    return std::shared_ptr<const SaxonDocument>(out);
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Internal, "SCH213", N_("Schematron engine: {0}"), {tidy(ex.what())});
  }
}

Result<std::string> SchematronEngine::serialize(const SaxonDocument& doc) {
  Jvm& j = *jvm_;
  try {
    JNIEnv* e = j.env();
    Java J{e, j};
    LocalFrame frame(e, 32);
    jobject writer = J.make(j.StringWriter, j.StringWriter_init, {});
    jobject ser = J.call(j.processor, j.Processor_newSerializer, {L(writer)});
    J.call_void(ser, j.Serializer_serializeNode, {L(doc.node)});
    std::string text = J.to_string(writer);
    // The serializer writes an XML declaration; callers embed the text in other documents.
    if (text.starts_with("<?xml")) {
      const auto end = text.find("?>");
      if (end != std::string::npos) text.erase(0, end + 2);
      while (!text.empty() && (text.front() == '\n' || text.front() == '\r')) text.erase(0, 1);
    }
    return text;
  } catch (const JavaError& ex) {
    return fail(ErrorKind::Internal, "SCH213", N_("Schematron engine: {0}"), {tidy(ex.what())});
  }
}

}  // namespace xoev
