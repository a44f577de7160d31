// HOST:PORT: what parses, and what each malformed address is told.
#include "parta/net/host_port.h"

#include <gtest/gtest.h>

namespace parta::net {
namespace {

HostPort parsed(std::string_view text) {
  auto result = parse_host_port(text);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return result ? *result : HostPort{};
}

std::string error_of(std::string_view text) {
  auto result = parse_host_port(text);
  EXPECT_FALSE(result.is_ok()) << text;
  EXPECT_EQ(result.status().kind(), Status::Kind::kInvalid);
  return result.status().message();
}

TEST(HostPort, ParsesIpv4HostnamesAndBracketedIpv6) {
  EXPECT_EQ(parsed("192.0.2.10:7420").host, "192.0.2.10");
  EXPECT_EQ(parsed("192.0.2.10:7420").port, 7420);
  EXPECT_EQ(parsed("hub.example.org:7420").host, "hub.example.org");
  EXPECT_EQ(parsed("[2001:db8::1]:7420").host, "2001:db8::1");
  EXPECT_EQ(parsed("[::1]:65535").port, 65535);
  EXPECT_EQ(parsed("0.0.0.0:0").port, 0);  // listening on any free port
}

TEST(HostPort, FormatsWhatItParses) {
  for (const char* text : {"192.0.2.10:7420", "hub.example.org:1", "[2001:db8::1]:7420"}) {
    EXPECT_EQ(format_host_port(parsed(text)), text);
  }
  EXPECT_EQ(
      format_endpoint(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("::1"), 7420)),
      "[::1]:7420");
}

TEST(HostPort, SaysWhatIsWrongAndHowToWriteIt) {
  EXPECT_EQ(error_of(""),
            "address \"\" is empty; write it as HOST:PORT, e.g. 192.0.2.10:7420, "
            "hub.example.org:7420 or [2001:db8::1]:7420");
  EXPECT_NE(error_of("hub.example.org").find("has no port"), std::string::npos);
  EXPECT_NE(error_of("2001:db8::1:7420").find("IPv6 address without brackets"), std::string::npos);
  EXPECT_NE(error_of("[2001:db8::1:7420").find("without closing it"), std::string::npos);
  EXPECT_NE(error_of("[2001:db8::1]7420").find("no :PORT after"), std::string::npos);
  EXPECT_NE(error_of(":7420").find("has no host"), std::string::npos);
  EXPECT_NE(error_of("[]:7420").find("has no host"), std::string::npos);
  EXPECT_NE(error_of("hub:http").find("port \"http\", not a number from 0 to 65535"),
            std::string::npos);
  EXPECT_NE(error_of("hub:65536").find("port \"65536\""), std::string::npos);
  EXPECT_NE(error_of("hub:").find("port \"\""), std::string::npos);
  EXPECT_NE(error_of("hub:-1").find("port \"-1\""), std::string::npos);
}

}  // namespace
}  // namespace parta::net
