// Record keys: byte layout and the text ids people type.
#include "parta/storage/record_key.h"

#include <gtest/gtest.h>

namespace parta {
namespace {

TEST(RecordKey, IsOriginThenCounterBigEndian) {
  RecordKey key(0x3fa2c1d0, 17);
  EXPECT_EQ(key.bytes(), std::string_view("\x3f\xa2\xc1\xd0\0\0\0\0\0\0\0\x11", 12));
  EXPECT_EQ(key.origin(), 0x3fa2c1d0u);
  EXPECT_EQ(key.counter(), 17u);
  EXPECT_LT(RecordKey(1, 2), RecordKey(1, 300));  // keys of one origin sort by age
}

TEST(RecordKey, TextIdRoundTrips) {
  RecordKey key(0x3fa2c1d0, 17);
  EXPECT_EQ(format_id("s", key), "s17-3fa2c1d0");
  EXPECT_EQ(parse_id("s17-3fa2c1d0", "s", 1).value(), key);
}

TEST(RecordKey, ShortIdMeansBornOnThisNode) {
  EXPECT_EQ(parse_id("a5", "a", 0xabcdef01).value(), RecordKey(0xabcdef01, 5));
}

TEST(RecordKey, BadIdsSayWhatIsWrong) {
  auto wrong_prefix = parse_id("a5", "s", 1);
  EXPECT_EQ(wrong_prefix.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(wrong_prefix.status().message().find("should start with \"s\""), std::string::npos);
  EXPECT_EQ(parse_id("s", "s", 1).status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(parse_id("s0", "s", 1).status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(parse_id("s5-xyz", "s", 1).status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(parse_id("s5-3fa2c1d", "s", 1).status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(parse_id("s5x", "s", 1).status().kind(), Status::Kind::kInvalid);
}

TEST(RecordKey, FromBytesChecksTheLength) {
  EXPECT_EQ(RecordKey::from_bytes("short").status().kind(), Status::Kind::kCorrupt);
  EXPECT_TRUE(RecordKey::from_bytes(RecordKey(7, 8).bytes()).is_ok());
}

}  // namespace
}  // namespace parta
