// QR payloads (docs/qr-payload.md): a printed payload parses back to its page, and a refusal
// quotes the start of what was read in whole UTF-8 characters, whatever zbar handed over.
#include "parta/paper/qr_payload.h"

#include <gtest/gtest.h>

#include "parta/storage/text_encoding.h"
#include "scan_qr.h"

namespace parta::paper {
namespace {

TEST(QrPayload, APrintedPayloadParsesBackToItsPage) {
  const PageCode page{"K7MX3HTA", "s17-3fa2c1d0", "a40-3fa2c1d0", 3, 8};
  auto parsed = parse_qr_payload(qr_payload(page));
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  EXPECT_EQ(parsed->code, page.code);
  EXPECT_EQ(parsed->student_id, page.student_id);
  EXPECT_EQ(parsed->assignment_id, page.assignment_id);
  EXPECT_EQ(parsed->page, 3u);
  EXPECT_EQ(parsed->pages, 8u);
}

TEST(QrPayload, ARefusalQuotesWholeCharactersOfALongCyrillicText) {
  // Two-byte letters after an odd-length start put a character across the quoting limit.
  std::string read = "PARTA:1:x";
  for (int i = 0; i < 60; ++i) read += "Ё";
  for (std::string text : {read, read.substr(1)}) {
    auto parsed = parse_qr_payload(text);
    ASSERT_FALSE(parsed.is_ok());
    const std::string& message = parsed.status().message();
    EXPECT_EQ(to_utf8(message, "message").value(), message) << "not UTF-8: " << message;
    EXPECT_NE(message.find("ЁЁЁ"), std::string::npos) << message;
    EXPECT_LT(message.size(), text.size() + 80) << message;  // the text is cut, not repeated
  }
}

}  // namespace
}  // namespace parta::paper
