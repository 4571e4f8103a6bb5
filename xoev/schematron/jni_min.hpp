#pragma once
// Private to xoev/schematron: the few parts of the Java Native Interface that the Saxon engine
// calls, declared here so that building ozg needs no JDK. The JRE (default-jre-headless) ships
// libjvm.so but no <jni.h>; only the JDK does, and ozg must build where the JDK is absent.
//
// The JNI function tables are a stable binary interface: the Java Native Interface
// Specification numbers every entry ("Interface Function Table", "Invocation API"), and an entry
// never moves. We declare the types as JNI defines them and call entries through their index.
// OZG_JNI(env, Name, args...) calls the entry kName of the environment's table with the
// signature Sig_Name.

#include <cstdint>

namespace xoev::jni {

using jint = std::int32_t;
using jlong = std::int64_t;
using jbyte = std::int8_t;
using jboolean = std::uint8_t;
using jsize = jint;

struct Object;  // opaque, as in <jni.h>
using jobject = Object*;
using jclass = jobject;
using jstring = jobject;
using jthrowable = jobject;
using jarray = jobject;
using jobjectArray = jobject;
using jbyteArray = jobject;
struct MethodTag;
using jmethodID = MethodTag*;

union jvalue {
  jboolean z;
  jbyte b;
  std::uint16_t c;
  std::int16_t s;
  jint i;
  jlong j;
  float f;
  double d;
  jobject l;
};

inline constexpr jint kOk = 0;
inline constexpr jint kVersion1_8 = 0x00010008;

struct JavaVMOption {
  char* optionString;
  void* extraInfo;
};

struct JavaVMInitArgs {
  jint version;
  jint nOptions;
  JavaVMOption* options;
  jboolean ignoreUnrecognized;
};

struct JavaVM;
struct JNIEnv;

/// The invocation interface (JavaVM): reserved0..2, then these.
struct InvokeTable {
  void* reserved[3];
  jint (*DestroyJavaVM)(JavaVM*);
  jint (*AttachCurrentThread)(JavaVM*, void** env, void* args);
  jint (*DetachCurrentThread)(JavaVM*);
  jint (*GetEnv)(JavaVM*, void** env, jint version);
  jint (*AttachCurrentThreadAsDaemon)(JavaVM*, void** env, void* args);
};
struct JavaVM {
  const InvokeTable* functions;
};

/// The native interface (JNIEnv): a table of function pointers, used by index.
struct JNIEnv {
  void* const* functions;
};

using CreateJavaVM = jint (*)(JavaVM**, void**, void*);

// Indices in the JNIEnv function table (JNI specification, chapter 4).
enum Index : int {
  kFindClass = 6,
  kExceptionOccurred = 15,
  kExceptionClear = 17,
  kPushLocalFrame = 19,
  kPopLocalFrame = 20,
  kNewGlobalRef = 21,
  kDeleteGlobalRef = 22,
  kDeleteLocalRef = 23,
  kNewObjectA = 30,
  kIsInstanceOf = 32,
  kGetMethodID = 33,
  kCallObjectMethodA = 36,
  kCallBooleanMethodA = 39,
  kCallIntMethodA = 51,
  kCallVoidMethodA = 63,
  kGetStaticMethodID = 113,
  kCallStaticObjectMethodA = 116,
  kNewByteArray = 176,
  kGetArrayLength = 171,
  kGetByteArrayRegion = 200,
  kSetByteArrayRegion = 208,
  kExceptionCheck = 228,
};

using Sig_FindClass = jclass (*)(JNIEnv*, const char*);
using Sig_ExceptionOccurred = jthrowable (*)(JNIEnv*);
using Sig_ExceptionClear = void (*)(JNIEnv*);
using Sig_PushLocalFrame = jint (*)(JNIEnv*, jint);
using Sig_PopLocalFrame = jobject (*)(JNIEnv*, jobject);
using Sig_NewGlobalRef = jobject (*)(JNIEnv*, jobject);
using Sig_DeleteGlobalRef = void (*)(JNIEnv*, jobject);
using Sig_DeleteLocalRef = void (*)(JNIEnv*, jobject);
using Sig_NewObjectA = jobject (*)(JNIEnv*, jclass, jmethodID, const jvalue*);
using Sig_IsInstanceOf = jboolean (*)(JNIEnv*, jobject, jclass);
using Sig_GetMethodID = jmethodID (*)(JNIEnv*, jclass, const char*, const char*);
using Sig_CallObjectMethodA = jobject (*)(JNIEnv*, jobject, jmethodID, const jvalue*);
using Sig_CallBooleanMethodA = jboolean (*)(JNIEnv*, jobject, jmethodID, const jvalue*);
using Sig_CallIntMethodA = jint (*)(JNIEnv*, jobject, jmethodID, const jvalue*);
using Sig_CallVoidMethodA = void (*)(JNIEnv*, jobject, jmethodID, const jvalue*);
using Sig_GetStaticMethodID = jmethodID (*)(JNIEnv*, jclass, const char*, const char*);
using Sig_CallStaticObjectMethodA = jobject (*)(JNIEnv*, jclass, jmethodID, const jvalue*);
using Sig_NewByteArray = jbyteArray (*)(JNIEnv*, jsize);
using Sig_GetArrayLength = jsize (*)(JNIEnv*, jarray);
using Sig_GetByteArrayRegion = void (*)(JNIEnv*, jbyteArray, jsize, jsize, jbyte*);
using Sig_SetByteArrayRegion = void (*)(JNIEnv*, jbyteArray, jsize, jsize, const jbyte*);
using Sig_ExceptionCheck = jboolean (*)(JNIEnv*);

}  // namespace xoev::jni

#define OZG_JNI(env, Name, ...)                                                       \
  (reinterpret_cast<::xoev::jni::Sig_##Name>((env)->functions[::xoev::jni::k##Name])( \
      (env)__VA_OPT__(, ) __VA_ARGS__))
