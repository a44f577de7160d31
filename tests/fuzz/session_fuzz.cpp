// Fuzz target: what a paired (and possibly hostile) school says to its hub once the channel is
// open: the hub's SyncSession must never crash, never apply a batch outside the rules, and
// never report success to a school that did not finish. The input is read as a series of
// messages: a leading byte picks the kind (raw bytes, vector chunk, batch, ack, done, ping),
// the rest fills it, so most inputs reach deep into the state machine.
#include <google/protobuf/stubs/logging.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "fuzz_targets.h"
#include "parta/storage/store.h"
#include "parta/sync/changeset_codec.h"
#include "parta/sync/peers.h"
#include "parta/sync/secure_channel.h"
#include "parta/sync/sync_session.h"
#include "session.pb.h"

namespace parta::fuzz {
namespace {

constexpr uint32_t kSchoolOrigin = 0x5c4001;

// One hub node (LMDB in a temporary directory) with one pinned school, made once per process.
struct Hub {
  Hub() {
    // As partad does (daemon/partad/main.cpp): a peer's non-UTF-8 string is refused by the
    // session; protobuf's own line about it would only drown the fuzzer's output.
    google::protobuf::SetLogHandler(nullptr);
    dir = std::filesystem::temp_directory_path() /
          ("parta-fuzz-session-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto created = Store::create(StoreOptions{.dir = dir}, "Опорная школа", "hub");
    if (!created) std::abort();
    store = std::move(*created);
    peers = std::make_unique<PeerDirectory>(dir);
    school_peer = Peer{"school", "school", school.public_key(), "",
                       RecordKey(kSchoolOrigin, 1), 0, kSchoolOrigin};
    if (!peers->add(school_peer).is_ok()) std::abort();
  }
  std::filesystem::path dir;
  Identity hub = Identity::generate();
  Identity school = Identity::generate();
  std::unique_ptr<Store> store;
  std::unique_ptr<PeerDirectory> peers;
  Peer school_peer;
};

// Takes `n` bytes from the input (fewer at its end).
std::string take(const uint8_t*& data, size_t& size, size_t n) {
  n = std::min(n, size);
  std::string bytes(reinterpret_cast<const char*>(data), n);
  data += n;
  size -= n;
  return bytes;
}

std::string next_message(const uint8_t*& data, size_t& size) {
  const uint8_t kind = static_cast<uint8_t>(take(data, size, 1)[0]);
  const size_t length = size == 0 ? 0 : static_cast<uint8_t>(take(data, size, 1)[0]) * 4;
  std::string body = take(data, size, length);
  wire::SessionMessage message;
  switch (kind % 6) {
    case 0:
      return body;  // whatever bytes
    case 1: {
      auto* chunk = message.mutable_vector();
      for (size_t at = 0; at + 6 <= body.size(); at += 6) {
        auto* entry = chunk->add_entries();
        std::string other = "group:g";  // ASCII: protobuf refuses a string that is not UTF-8
        for (size_t i = 0; i < 3; ++i) {
          other += static_cast<char>('a' + static_cast<uint8_t>(body[at + i]) % 26);
        }
        entry->set_scope(body[at] % 2 ? "school:sc1-005c4001" : other);
        const auto origin_byte = static_cast<uint8_t>(body[at + 2]);
        entry->set_origin(static_cast<uint8_t>(body[at + 1]) % 3 == 0 ? kSchoolOrigin : origin_byte);
        entry->set_seq(static_cast<uint8_t>(body[at + 3]));
      }
      chunk->set_last(kind & 0x80);
      break;
    }
    case 2:
      message.mutable_batch()->set_number(kind >> 4);
      message.mutable_batch()->set_changeset(body);
      break;
    case 3:
      message.mutable_ack()->set_number(kind >> 3);
      break;
    case 4:
      message.mutable_done()->set_ops_sent(body.size());
      break;
    default:
      message.mutable_ping();
      break;
  }
  return message.SerializeAsString();
}

}  // namespace

void session(const uint8_t* data, size_t size) {
  static Hub hub;
  auto server = SyncSession::server(*hub.store, hub.hub, *hub.peers);
  auto client = SecureChannel::client(hub.school, hub.hub.public_key());
  int64_t now = 1'000;
  server->start(now);
  std::vector<std::string> ignored;
  for (int round = 0; round < 4 && !client->is_open(); ++round) {
    server->receive(client->take_output(), now);
    (void)client->receive(server->take_output(), &ignored);
  }
  if (!client->is_open()) std::abort();  // the real handshake must succeed
  wire::SessionMessage hello;
  hello.mutable_hello()->set_name("Школа");
  hello.mutable_hello()->set_role("school");
  hello.mutable_hello()->set_school(hub.school_peer.school.to_string());
  hello.mutable_hello()->set_origin(kSchoolOrigin);
  (void)client->send(hello.SerializeAsString());
  while (size > 0 && !server->done()) {
    (void)client->send(next_message(data, size));
    server->receive(client->take_output(), ++now);
    (void)client->receive(server->take_output(), &ignored);
  }
  server->on_timer(now + 1'000'000);  // and then the link goes quiet
  // The school never sent its final frame: the hub cannot have completed the session.
  if (server->done() && server->outcome().is_ok()) std::abort();
}

}  // namespace parta::fuzz
