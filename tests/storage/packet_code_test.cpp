// Packet codes: drawn from their alphabet, typed back on either keyboard layout, and anything
// else refused with a message that says what a code looks like.
#include "parta/storage/packet_code.h"

#include <gtest/gtest.h>

namespace parta {
namespace {

TEST(PacketCode, CodesAreEightCharactersOfTheAlphabet) {
  for (uint64_t bits : {uint64_t{0}, uint64_t{1}, uint64_t{0x9e3779b97f4a7c15}, ~uint64_t{0}}) {
    std::string code = packet_code_from_bits(bits);
    ASSERT_EQ(code.size(), kPacketCodeChars);
    for (char c : code) EXPECT_NE(kPacketCodeAlphabet.find(c), std::string_view::npos) << code;
  }
  EXPECT_EQ(packet_code_from_bits(0), "22222222");
  EXPECT_NE(packet_code_from_bits(1), packet_code_from_bits(2));
}

TEST(PacketCode, TypedCodesReadAsTheStoredCode) {
  EXPECT_EQ(normalize_packet_code("K7MX-3HTA").value(), "K7MX3HTA");
  EXPECT_EQ(normalize_packet_code("k7mx 3hta").value(), "K7MX3HTA");
  // Typed on a Russian layout: К М Х Н Т А are Cyrillic here, and З stands for 3.
  EXPECT_EQ(normalize_packet_code("К7МХ-ЗНТА").value(), "K7MX3HTA");
  EXPECT_EQ(normalize_packet_code("к7мх-знта").value(), "K7MX3HTA");
  EXPECT_EQ(normalize_packet_code("ВСЕР-2345").value(), "BCEP2345");
}

TEST(PacketCode, WhatIsNotACodeIsInvalidAndQuoted) {
  for (std::string_view typed :
       {"K7MX-3HT", "K7MX-3HTAA", "K7MX-3HT0", "K7MX-3HTI", "Ж7MX-3HTA", "", "K7MX_3HTA"}) {
    auto code = normalize_packet_code(typed);
    ASSERT_FALSE(code.is_ok()) << typed;
    EXPECT_EQ(code.status().kind(), Status::Kind::kInvalid);
    EXPECT_NE(code.status().message().find("\"" + std::string(typed) + "\""), std::string::npos)
        << code.status().message();
    EXPECT_NE(code.status().message().find("A B C E H K M P T X"), std::string::npos);
  }
  EXPECT_FALSE(normalize_packet_code(std::string(kTypedPacketCodeBytesMax + 1, '2')).is_ok());
}

TEST(PacketCode, PrintedInTwoHalves) { EXPECT_EQ(display_packet_code("K7MX3HTA"), "K7MX-3HTA"); }

}  // namespace
}  // namespace parta
