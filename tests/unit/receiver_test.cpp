// The receiver's request handling without TLS and sockets (answer_requests, the code that each
// connection runs): the answers byte for byte, and what lands in the inbox.

#include "xoev/transport/receiver.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "xoev/transport/message.hpp"
#include "xoev/util/digest.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::transport {
namespace {

namespace fs = std::filesystem;
using ozg_test::TempDir;

constexpr std::string_view kValid = ozg_test::kOnePersonDelivery;

class AnswerRequests : public ::testing::Test {
 protected:
  void SetUp() override {
    repo.emplace(ozg_test::testbundle_repo(dir));
    auto v = Validator::create(*repo, {});
    ASSERT_TRUE(v.has_value());
    validator = std::move(*v);
    session = validator->session();
    opts.inbox = dir.path() / "inbox";
    fs::create_directories(opts.inbox);
  }

  std::string answer(std::string_view bytes) {
    return answer_requests(bytes, opts, *session,
                           [this](const std::string& line) { log += line + "\n"; });
  }
  static std::string put(std::string_view target, std::string_view body) {
    return std::string("PUT ") + std::string(target) +
           " HTTP/1.1\r\nHost: r\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
           std::string(body);
  }
  [[nodiscard]] std::vector<std::string> inbox() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(opts.inbox))
      names.push_back(e.path().filename().string() + (fs::is_empty(e.path()) ? "" : "+"));
    std::sort(names.begin(), names.end());
    return names;
  }

  TempDir dir;
  std::optional<SchemaRepository> repo;
  std::unique_ptr<Validator> validator;
  std::unique_ptr<Validator::Session> session;
  ReceiverOptions opts;
  std::string log;
};

TEST_F(AnswerRequests, RefusesOtherMethodsAndKeepsTheConnection) {
  const std::string out = answer(
      "GET /a HTTP/1.1\r\nHost: r\r\n\r\n"
      "DELETE /b%1b HTTP/1.1\r\nHost: r\r\n\r\n");
  const std::string body =
      "{\n  \"detail\": \"PUT /<id>.xml or POST the message\",\n  \"status\": 405,\n"
      "  \"title\": \"method not allowed\",\n  \"type\": \"about:blank\"\n}\n";
  const std::string one =
      "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/problem+json\r\n"
      "Allow: PUT, POST\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  EXPECT_EQ(out, one + one);
  EXPECT_EQ(log,
            "GET /a 405 method not allowed (client -)\n"
            "DELETE /b\\x1b 405 method not allowed (client -)\n");
}

TEST_F(AnswerRequests, StoresAValidMessage) {
  const std::string out = answer(put("/m-1.xml", kValid));
  EXPECT_TRUE(
      out.starts_with("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                      "Location: /T1-123456-1/m-1.xml\r\n"))
      << out;
  EXPECT_NE(out.find("\"sender\": \"T1-123456-1\""), std::string::npos) << out;
  EXPECT_EQ(inbox(), (std::vector<std::string>{".incoming", "T1-123456-1+"}));
  EXPECT_EQ(ozg_test::read_file(opts.inbox / "T1-123456-1" / "m-1.xml"), kValid);
  EXPECT_TRUE(fs::is_empty(opts.inbox / ".incoming"));
}

// A message id is unique per sender (eCH-0058): municipality B's message 1 is not A's message 1
// sent again, and must not be refused as a conflict (it was, with 409, when the inbox was keyed
// on the id alone). The same sender reusing an id for other content still is.
TEST_F(AnswerRequests, KeysMessagesOnSenderAndId) {
  std::string other = std::string(kValid);
  other.replace(other.find("T1-123456-1"), 11, "T2-654321-1");
  other.replace(other.find("Anna"), 4, "Berta");
  std::string changed = std::string(kValid);
  changed.replace(changed.find("Anna"), 4, "Clara");
  EXPECT_TRUE(answer(put("/m-1.xml", kValid)).starts_with("HTTP/1.1 201 Created"));
  const std::string b = answer(put("/m-1.xml", other));
  EXPECT_TRUE(
      b.starts_with("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                    "Location: /T2-654321-1/m-1.xml\r\n"))
      << b;
  EXPECT_EQ(ozg_test::read_file(opts.inbox / "T2-654321-1" / "m-1.xml"), other);
  EXPECT_EQ(ozg_test::read_file(opts.inbox / "T1-123456-1" / "m-1.xml"), kValid);
  EXPECT_TRUE(answer(put("/m-1.xml", kValid)).starts_with("HTTP/1.1 200 OK"));
  const std::string c = answer(put("/m-1.xml", changed));
  EXPECT_TRUE(c.starts_with("HTTP/1.1 409 Conflict")) << c;
  EXPECT_NE(c.find("a message from sender 'T1-123456-1' with id 'm-1' and other content"),
            std::string::npos)
      << c;
  EXPECT_EQ(ozg_test::read_file(opts.inbox / "T1-123456-1" / "m-1.xml"), kValid);
  EXPECT_EQ(log, "PUT /m-1.xml 201 stored T1-123456-1/m-1.xml sha256 " +
                     sha256_hex(kValid).substr(0, 16) +
                     " (client -)\n"
                     "PUT /m-1.xml 201 stored T2-654321-1/m-1.xml sha256 " +
                     sha256_hex(other).substr(0, 16) +
                     " (client -)\n"
                     "PUT /m-1.xml 200 already received T1-123456-1/m-1.xml (client -)\n"
                     "PUT /m-1.xml 409 conflict: T1-123456-1/m-1.xml exists with other content "
                     "(client -)\n");
}

TEST(SenderFolder, IsOnePathComponentAndDistinctPerSender) {
  EXPECT_EQ(sender_folder("1-1102-1"), "1-1102-1");
  EXPECT_EQ(sender_folder("sedex://T4-900001-1"), "T4-900001-1");
  EXPECT_EQ(sender_folder("psw:01234567"), "psw%3A01234567");
  EXPECT_EQ(sender_folder("client /C=CH/O=Gemeinde A/CN=a"),
            "client%20%2FC%3DCH%2FO%3DGemeinde%20A%2FCN%3Da");
  EXPECT_EQ(sender_folder(".."), "%2E.");
  EXPECT_EQ(sender_folder(".incoming"), "%2Eincoming");
  EXPECT_EQ(sender_folder("Zürich"), "Z%C3%BCrich");
  EXPECT_EQ(sender_folder("a%3Ab"), "a%253Ab");  // not the folder of "a:b"
  const std::string long_a(200, 'a');
  const std::string long_b = long_a + "b";
  EXPECT_EQ(sender_folder(long_a).size(), 117u);
  EXPECT_NE(sender_folder(long_a), sender_folder(long_b));
  EXPECT_EQ(sender_folder(long_a).substr(0, 101), std::string(100, 'a') + "~");
}

TEST_F(AnswerRequests, StoresNothingFromATruncatedBody) {
  const std::string whole = put("/m-1.xml", kValid);
  EXPECT_EQ(answer(std::string_view(whole).substr(0, whole.size() - 1)), "");
  EXPECT_EQ(inbox(), (std::vector<std::string>{".incoming"}));
  EXPECT_TRUE(fs::is_empty(opts.inbox / ".incoming"));
}

TEST_F(AnswerRequests, CountsChunkedBytesAgainstTheLimit) {
  opts.max_bytes = 10;
  const std::string out = answer(
      "POST / HTTP/1.1\r\nHost: r\r\nTransfer-Encoding: chunked\r\n\r\n"
      "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
  EXPECT_TRUE(out.starts_with("HTTP/1.1 413 Payload Too Large\r\n")) << out;
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos) << out;
  EXPECT_EQ(log, "POST / 413 too large (chunked body beyond 10 bytes) (client -)\n");
  EXPECT_TRUE(fs::is_empty(opts.inbox / ".incoming"));
}

}  // namespace
}  // namespace xoev::transport
