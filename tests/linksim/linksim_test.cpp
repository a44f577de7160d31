// linksim as a real process between real sockets on 127.0.0.1: it is never faster than the link
// it emulates, carries every byte intact and in order, cuts and stalls where told, reports its
// totals on SIGTERM, and says clearly what is wrong when it cannot work.
//
// Timing assertions are lower bounds the emulation guarantees; a slow machine only makes the
// measured times longer. The one upper bound is 5x the expected time.
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "linksim_harness.h"

namespace parta::linksim {
namespace {

using parta::testing::TempDir;
using std::chrono::milliseconds;
using namespace testing;  // parta::linksim::testing: the harness

constexpr size_t kBurstBytes = 1500;  // the link may send one packet at once

// The least time `bytes` take through the link: serialisation at the rate after one burst,
// then the one-way delay.
double link_seconds_min(size_t bytes, double rate_kbit, double one_way_ms) {
  const size_t after_burst = bytes > kBurstBytes ? bytes - kBurstBytes : 0;
  return after_burst * 8.0 / (rate_kbit * 1000.0) + one_way_ms / 1000.0;
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// The first offset where the two differ, or npos: for failures that do not print 125 KB.
size_t first_difference(const std::string& got, const std::string& expected) {
  size_t common = std::min(got.size(), expected.size());
  for (size_t i = 0; i < common; ++i) {
    if (got[i] != expected[i]) return i;
  }
  return got.size() == expected.size() ? std::string::npos : common;
}

void echo(int fd) {
  char buffer[16 * 1024];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    if (!send_all(fd, std::string(buffer, static_cast<size_t>(n)))) return;
  }
}

// A server behind linksim started with `options`: by default a sink that reads each connection
// to its end into `received`. `port` is where linksim listens, 0 if it did not start.
struct ThroughLinksim {
  explicit ThroughLinksim(std::vector<std::string> options,
                          std::function<void(int fd)> handle = nullptr)
      : server(handle ? std::move(handle)
                      : [this](int fd) { received.push(receive_until_end(fd)); }),
        linksim(temp, linksim_arguments(temp, server.port(), std::move(options))),
        port(linksim.wait_until_listening()) {}

  ResultQueue<Received> received;
  TempDir temp;
  TestServer server;
  LinksimProcess linksim;
  const uint16_t port;
};

TEST(Linksim, CarriesBytesIntactInOrderAndNoFasterThanTheRate) {
  ThroughLinksim setup({"--rate-kbit", "500"});
  ASSERT_NE(setup.port, 0) << setup.linksim.err();

  const std::string data = pattern_bytes(125'000);
  const Clock::time_point start = Clock::now();
  Fd client = connect_to(setup.port);
  ASSERT_TRUE(client.valid());
  ASSERT_TRUE(send_all(client.get(), data));
  ::shutdown(client.get(), SHUT_WR);
  std::optional<Received> got = setup.received.pop();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->end_error, 0);  // the client's EOF, passed on
  EXPECT_EQ(got->bytes.size(), data.size());
  EXPECT_EQ(first_difference(got->bytes, data), std::string::npos);

  // 125,000 bytes at 500 kbit/s: 2 s less one burst, plus half the default 300 ms round trip.
  const double expected_seconds = link_seconds_min(data.size(), 500, 150);
  const double seconds = seconds_between(start, got->arrivals.back().at);
  EXPECT_GE(seconds, expected_seconds);
  EXPECT_LT(seconds, 5 * expected_seconds);
  EXPECT_EQ(setup.linksim.stop(), 0);
}

TEST(Linksim, APingPongTakesAtLeastTheRoundTripTime) {
  ThroughLinksim setup({"--rtt-ms", "300"}, echo);
  ASSERT_NE(setup.port, 0) << setup.linksim.err();
  Fd client = connect_to(setup.port);
  ASSERT_TRUE(client.valid());
  for (char ping : {'a', 'b', 'c'}) {
    const Clock::time_point sent_at = Clock::now();
    ASSERT_TRUE(send_all(client.get(), std::string(1, ping)));
    char pong = 0;
    ASSERT_EQ(::recv(client.get(), &pong, 1, 0), 1);
    EXPECT_EQ(pong, ping);
    EXPECT_GE(seconds_between(sent_at, Clock::now()), 0.300) << "ping " << ping;
  }
  EXPECT_EQ(setup.linksim.stop(), 0);
}

TEST(Linksim, ACutDeliversExactlyItsBytesThenResetsBothSides) {
  ThroughLinksim setup({"--rate-kbit", "100000", "--rtt-ms", "0", "--cut-after-bytes", "1000"});
  ASSERT_NE(setup.port, 0) << setup.linksim.err();
  Fd client = connect_to(setup.port);
  ASSERT_TRUE(client.valid());
  const std::string data = pattern_bytes(5000);
  ASSERT_TRUE(send_all(client.get(), data));

  std::optional<Received> got = setup.received.pop();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bytes, data.substr(0, 1000));
  EXPECT_TRUE(got->end_error == ECONNRESET || got->end_error == 0) << got->end_error;
  Received client_side = receive_until_end(client.get());
  EXPECT_EQ(client_side.bytes, "");
  EXPECT_EQ(client_side.end_error, ECONNRESET);  // a reset, not a polite EOF

  EXPECT_EQ(setup.linksim.stop(), 0);
  EXPECT_NE(setup.linksim.err().find("connection 1 cut after 1000 bytes: both sides reset"),
            std::string::npos)
      << setup.linksim.err();
  EXPECT_NE(setup.linksim.out().find("carried 1000 bytes client->target, 0 bytes target->client"),
            std::string::npos)
      << setup.linksim.out();
}

TEST(Linksim, RandomCutsReplayFromTheSeed) {
  // The cut point of each connection is drawn from --seed: the same seed, the same cut.
  auto cut_point = [](uint64_t seed) -> std::pair<size_t, std::string> {
    ThroughLinksim setup({"--rate-kbit", "100000", "--rtt-ms", "0", "--cut-random-mean-bytes",
                          "2000", "--seed", std::to_string(seed)});
    if (setup.port == 0) return {0, setup.linksim.err()};
    Fd client = connect_to(setup.port);
    send_all(client.get(), pattern_bytes(50'000));  // far beyond any likely cut
    std::optional<Received> got = setup.received.pop();
    setup.linksim.stop();
    return {got ? got->bytes.size() : 0, setup.linksim.err()};
  };
  auto [first_bytes, first_log] = cut_point(7);
  auto [again_bytes, again_log] = cut_point(7);
  auto [other_bytes, other_log] = cut_point(8);
  EXPECT_GT(first_bytes, 0u);
  EXPECT_LT(first_bytes, 50'000u);
  EXPECT_EQ(again_bytes, first_bytes);
  EXPECT_NE(other_bytes, first_bytes);
  const std::string planned = "it will be cut after " + std::to_string(first_bytes) + " bytes";
  EXPECT_NE(first_log.find(planned), std::string::npos) << first_log;
}

TEST(Linksim, AStallHoldsTheByteAfterItsPoint) {
  ThroughLinksim setup({"--rate-kbit", "100000", "--rtt-ms", "0", "--stall-after-bytes", "100",
                        "--stall-ms", "500"});
  ASSERT_NE(setup.port, 0) << setup.linksim.err();
  Fd client = connect_to(setup.port);
  ASSERT_TRUE(client.valid());
  const std::string data = pattern_bytes(200);
  ASSERT_TRUE(send_all(client.get(), data));
  ::shutdown(client.get(), SHUT_WR);

  std::optional<Received> got = setup.received.pop();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bytes, data);  // stalled, not cut
  EXPECT_EQ(got->end_error, 0);
  // The reader may see byte 99 a scheduling delay after linksim delivered it: allow 50 ms.
  EXPECT_GE(seconds_between(got->arrival_of(99), got->arrival_of(100)), 0.450);
  EXPECT_EQ(setup.linksim.stop(), 0);
  EXPECT_NE(setup.linksim.err().find("connection 1 stalls after 100 bytes"), std::string::npos)
      << setup.linksim.err();
}

TEST(Linksim, JitterNeverReordersAConnection) {
  ThroughLinksim setup(
      {"--rate-kbit", "20000", "--rtt-ms", "10", "--jitter-ms", "40", "--seed", "3"});
  ASSERT_NE(setup.port, 0) << setup.linksim.err();
  Fd client = connect_to(setup.port);
  ASSERT_TRUE(client.valid());
  const std::string data = pattern_bytes(200'000, 9);
  ASSERT_TRUE(send_all(client.get(), data));
  ::shutdown(client.get(), SHUT_WR);
  std::optional<Received> got = setup.received.pop();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bytes.size(), data.size());
  EXPECT_EQ(first_difference(got->bytes, data), std::string::npos);
  EXPECT_EQ(setup.linksim.stop(), 0);
}

TEST(Linksim, SigtermPrintsTheExactBytesCarriedEachWay) {
  // The server reads 3000 bytes, answers with 1234 and closes.
  ThroughLinksim setup({"--rate-kbit", "100000", "--rtt-ms", "0"}, [](int fd) {
    Received request = receive_until_end(fd, 3000);
    if (request.bytes.size() == 3000) send_all(fd, pattern_bytes(1234));
  });
  ASSERT_NE(setup.port, 0) << setup.linksim.err();
  {
    Fd client = connect_to(setup.port);
    ASSERT_TRUE(client.valid());
    ASSERT_TRUE(send_all(client.get(), pattern_bytes(3000)));
    Received answer = receive_until_end(client.get());
    EXPECT_EQ(answer.bytes, pattern_bytes(1234));
    EXPECT_EQ(answer.end_error, 0);
  }
  EXPECT_EQ(setup.linksim.stop(), 0);
  EXPECT_EQ(setup.linksim.out(), "linksim: listening on 127.0.0.1:" + std::to_string(setup.port) +
                                     "\nlinksim: carried 3000 bytes client->target, 1234 bytes "
                                     "target->client\n");
}

TEST(Linksim, ConnectionsShareOneLink) {
  ThroughLinksim setup({"--rate-kbit", "500", "--rtt-ms", "20"});
  ASSERT_NE(setup.port, 0) << setup.linksim.err();

  const std::string data[2] = {pattern_bytes(62'500, 1), pattern_bytes(62'500, 2)};
  const Clock::time_point start = Clock::now();
  std::atomic<int> sent{0};
  std::vector<std::thread> clients;
  for (const std::string& bytes : data) {
    clients.emplace_back([&] {
      Fd client = connect_to(setup.port);
      if (client.valid() && send_all(client.get(), bytes)) ++sent;
      ::shutdown(client.get(), SHUT_WR);
      receive_until_end(client.get());  // until the sink has closed
    });
  }
  Clock::time_point last_arrival = start;
  std::vector<std::string> got;
  for (int i = 0; i < 2; ++i) {
    std::optional<Received> one = setup.received.pop();
    ASSERT_TRUE(one) << "connection " << i;
    got.push_back(one->bytes);
    if (!one->arrivals.empty()) last_arrival = std::max(last_arrival, one->arrivals.back().at);
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(sent, 2);
  std::sort(got.begin(), got.end());
  std::string expected[2] = {data[0], data[1]};
  std::sort(std::begin(expected), std::end(expected));
  EXPECT_EQ(first_difference(got[0], expected[0]), std::string::npos);
  EXPECT_EQ(first_difference(got[1], expected[1]), std::string::npos);
  // Together no faster than 125,000 bytes over one 500 kbit/s link.
  EXPECT_GE(seconds_between(start, last_arrival), link_seconds_min(125'000, 500, 10));
  EXPECT_EQ(setup.linksim.stop(), 0);
}

TEST(Linksim, AReceiverThatDoesNotReadHoldsTheSenderBack) {
  // linksim holds at most 256 KiB per direction per connection; the rest must stay in the
  // kernels' socket buffers (loopback autotuning: at most a few tens of MB), so a sender facing
  // a receiver that reads nothing is blocked long before 160 MB.
  constexpr size_t kAttemptBytesMax = 160u << 20;
  constexpr size_t kBufferedBytesMax = 100u << 20;
  std::promise<void> start_reading;
  std::shared_future<void> may_read = start_reading.get_future().share();
  ThroughLinksim setup({"--rate-kbit", "100000000", "--rtt-ms", "0"}, [&](int fd) {
    may_read.wait_for(kSocketTimeout);
    setup.received.push(receive_until_end(fd));
  });
  ASSERT_NE(setup.port, 0) << setup.linksim.err();
  Fd client = connect_to(setup.port);
  ASSERT_TRUE(client.valid());
  ::fcntl(client.get(), F_SETFL, O_NONBLOCK);
  const std::string chunk(1 << 20, 'x');
  size_t sent_bytes = 0;
  while (sent_bytes < kAttemptBytesMax) {
    ssize_t n = ::send(client.get(), chunk.data(), chunk.size(), MSG_NOSIGNAL);
    if (n > 0) {
      sent_bytes += static_cast<size_t>(n);
      continue;
    }
    ASSERT_TRUE(n < 0 && (errno == EAGAIN || errno == EINTR)) << errno;
    pollfd writable{client.get(), POLLOUT, 0};
    if (::poll(&writable, 1, 500) == 0) break;  // held back: nothing moved for half a second
  }
  EXPECT_LT(sent_bytes, kBufferedBytesMax);
  // Nothing was lost while it waited: once the receiver reads, every byte arrives.
  ::shutdown(client.get(), SHUT_WR);
  start_reading.set_value();
  std::optional<Received> received = setup.received.pop();
  ASSERT_TRUE(received);
  EXPECT_EQ(received->bytes.size(), sent_bytes);
  EXPECT_EQ(setup.linksim.stop(), 0);
}

TEST(Linksim, ARefusingTargetResetsThatClientAndLinksimCarriesOn) {
  TempDir temp;
  const uint16_t nothing_there = closed_port();
  LinksimProcess linksim(temp, linksim_arguments(temp, nothing_there, {}));
  uint16_t port = linksim.wait_until_listening();
  ASSERT_NE(port, 0) << linksim.err();
  for (int attempt = 0; attempt < 2; ++attempt) {
    Fd client = connect_to(port);
    ASSERT_TRUE(client.valid());
    Received got = receive_until_end(client.get());
    EXPECT_EQ(got.bytes, "");
    EXPECT_EQ(got.end_error, ECONNRESET);
  }
  EXPECT_EQ(linksim.stop(), 0);
  const std::string refused =
      "cannot connect to the target 127.0.0.1:" + std::to_string(nothing_there) +
      ": Connection refused";
  EXPECT_NE(linksim.err().find("connection 2 from 127.0.0.1:"), std::string::npos);
  EXPECT_NE(linksim.err().find(refused), std::string::npos) << linksim.err();
  EXPECT_NE(linksim.out().find("carried 0 bytes client->target, 0 bytes target->client"),
            std::string::npos);
}

TEST(Linksim, APortInUseIsAClearErrorAndExitCode1) {
  TempDir temp;
  Fd taken = listen_on_loopback();
  const std::string address = "127.0.0.1:" + std::to_string(local_port(taken.get()));
  LinksimProcess linksim(temp, {"--listen", address, "--target", "127.0.0.1:9"});
  EXPECT_EQ(linksim.wait_for_exit(), 1);
  EXPECT_EQ(linksim.err(), "linksim: cannot listen on " + address + ": Address already in use\n");
  EXPECT_EQ(linksim.out(), "");
}

TEST(Linksim, AMalformedCommandLineIsExitCode2) {
  TempDir temp;
  LinksimProcess no_port(temp, {"--listen", "127.0.0.1", "--target", "127.0.0.1:9"});
  EXPECT_EQ(no_port.wait_for_exit(), 2);
  EXPECT_NE(no_port.err().find("address \"127.0.0.1\" has no port; write it as HOST:PORT"),
            std::string::npos)
      << no_port.err();
  LinksimProcess no_rate(
      temp, {"--listen", "127.0.0.1:0", "--target", "127.0.0.1:9", "--rate-kbit", "0"});
  EXPECT_EQ(no_rate.wait_for_exit(), 2);
  LinksimProcess stall_without_length(
      temp, {"--listen", "127.0.0.1:0", "--target", "127.0.0.1:9", "--stall-after-bytes", "5"});
  EXPECT_EQ(stall_without_length.wait_for_exit(), 2);
}

}  // namespace
}  // namespace parta::linksim
