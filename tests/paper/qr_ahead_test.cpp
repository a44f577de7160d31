// The QR codes encoded ahead on their own thread: in order, the same as encoded on the spot,
// and a class set that stops early (a failed export) does not wait for the rest.
#include "qr_ahead.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parta::paper {
namespace {

std::vector<std::string> page_payloads(size_t count) {
  std::vector<std::string> payloads;
  for (size_t page = 1; page <= count; ++page) {
    payloads.push_back(
        fmt::format("PARTA:1:K7MX3HTA:S17-3FA2C1D0:A40-3FA2C1D0:{}/{}", page, count));
  }
  return payloads;
}

TEST(QrAheadTest, GivesEveryPayloadsSymbolInOrder) {
  // More than kAheadMax: the encoder waits for the drawing and goes on.
  std::vector<std::string> payloads = page_payloads(QrAhead::kAheadMax + 40);
  QrAhead ahead(payloads);
  for (const std::string& payload : payloads) {
    auto symbol = ahead.next();
    ASSERT_TRUE(symbol.is_ok()) << symbol.status().message();
    auto on_the_spot = encode_qr(payload);
    ASSERT_TRUE(on_the_spot.is_ok());
    EXPECT_EQ(symbol->payload, payload);
    EXPECT_EQ(symbol->width, on_the_spot->width);
    EXPECT_EQ(symbol->dark, on_the_spot->dark);
  }
}

TEST(QrAheadTest, ATooLongPayloadIsReportedInItsPlace) {
  std::vector<std::string> payloads = {"PARTA:1:FIRST", std::string(8000, 'X'), "PARTA:1:THIRD"};
  QrAhead ahead(payloads);
  EXPECT_TRUE(ahead.next().is_ok());
  auto too_long = ahead.next();
  ASSERT_FALSE(too_long.is_ok());
  EXPECT_NE(too_long.status().message().find("too long for a QR code"), std::string::npos);
  auto third = ahead.next();
  ASSERT_TRUE(third.is_ok());
  EXPECT_EQ(third->payload, "PARTA:1:THIRD");
}

TEST(QrAheadTest, StoppingEarlyDoesNotWaitForTheRest) {
  // The encoder fills its window and waits; destroying the object must end that wait.
  QrAhead ahead(page_payloads(QrAhead::kAheadMax * 4));
  ASSERT_TRUE(ahead.next().is_ok());
}

}  // namespace
}  // namespace parta::paper
