// linksim: a TCP proxy that emulates a school's link, for tests, benchmarks and rehearsals by a
// school's IT person. Connections to --listen are relayed to --target through one emulated link
// (rate, delay, jitter) shared by all of them, with planned faults (cuts, stalls) per
// connection. See options.cpp for the command line and relay.h for a connection's life.
//
// Output, which scripts and tests rely on:
//   stdout: "linksim: listening on HOST:PORT" once listening, and on SIGINT or SIGTERM
//           "linksim: carried N bytes client->target, M bytes target->client" before exiting 0.
//   stderr: one line per event (connection opened, closed, cut, stalled, refused) or error.
// Exit codes: 0 after SIGINT or SIGTERM; 1 if it cannot start (address, port, ready file);
// 2 for a malformed command line.
#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>

#include "log_line.h"
#include "options.h"
#include "parta/net/host_port.h"
#include "proxy.h"
#include "ready_file.h"

namespace parta::linksim {
namespace {

using boost::asio::ip::tcp;

std::optional<tcp::resolver::results_type> resolve(tcp::resolver& resolver,
                                                   const net::HostPort& host_port,
                                                   const char* option, tcp::resolver::flags flags) {
  boost::system::error_code error;
  auto results = resolver.resolve(host_port.host, std::to_string(host_port.port), flags, error);
  if (error || results.empty()) {
    log_line("cannot resolve {} {}: {}", option, net::format_host_port(host_port),
             error ? error.message() : std::string("no address found"));
    return std::nullopt;
  }
  return results;
}

void print_stdout(const std::string& line) {
  fmt::print("linksim: {}\n", line);
  std::fflush(stdout);
}

int run(const Options& options) {
  std::signal(SIGPIPE, SIG_IGN);  // a peer that has gone is an error code, not a signal
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  auto listen = resolve(resolver, options.listen, "--listen", tcp::resolver::passive);
  auto target = resolve(resolver, options.target, "--target", tcp::resolver::flags());
  if (!listen || !target) return 1;

  Proxy proxy(io, options, *target);
  if (boost::system::error_code error = proxy.listen(listen->begin()->endpoint())) {
    log_line("cannot listen on {}: {}", net::format_host_port(options.listen), error.message());
    return 1;
  }
  // Before anyone can learn the port: a signal must find its handler, not kill the process.
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&proxy](const boost::system::error_code& error, int signal_number) {
    if (error) return;
    log_line("stopping on {}", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    proxy.stop();
  });
  // The ready file first: whoever reads the line on stdout may rely on the file being there.
  const std::string address = net::format_endpoint(proxy.local_endpoint());
  if (!options.ready_file.empty()) {
    if (std::error_code error = write_ready_file(options.ready_file, address)) {
      log_line("cannot write --ready-file {}: {}", options.ready_file, error.message());
      return 1;
    }
  }
  print_stdout("listening on " + address);
  proxy.start();
  io.run();  // until stop() has closed everything and every handler has finished
  const CarriedBytes& carried = proxy.carried();
  print_stdout(fmt::format("carried {} bytes client->target, {} bytes target->client",
                           carried.client_to_target, carried.target_to_client));
  return 0;
}

}  // namespace
}  // namespace parta::linksim

int main(int argc, char** argv) {
  parta::linksim::ParsedOptions parsed = parta::linksim::parse_options(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  return parta::linksim::run(*parsed.options);
}
