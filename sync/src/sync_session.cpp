// The sync session state machine; see sync_session.h and docs/sync-protocol.md.
#include "parta/sync/sync_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <deque>
#include <set>

#include "batch_source.h"
#include "material_exchange.h"
#include "packed_vector.h"
#include "school_write_rules.h"
#include "parta/storage/scopes.h"
#include "parta/sync/changeset_codec.h"
#include "parta/sync/secure_channel.h"
#include "session.pb.h"

namespace parta {
namespace {

enum class Role { kClient, kPairingClient, kServer };

// A vector chunk stays far below the channel's frame limit (an entry is under 300 bytes).
constexpr size_t kVectorChunkEntries = 2000;
// A peer may not make us hold more vector than this (a hub with 100 schools of 50 groups
// and a few origins each needs a few thousand).
constexpr size_t kPeerVectorEntriesMax = 100'000;
constexpr size_t kScopeBytesMax = 256;  // as the store accepts

std::string describe_peer(const std::optional<Peer>& peer) {
  return peer ? fmt::format("«{}»", peer->name) : std::string("the peer");
}

bool changes_scopes(const oplog::Op& op) {
  const auto type = static_cast<RecordType>(op.record_type());
  return type == RecordType::kGroup || type == RecordType::kStudent ||
         type == RecordType::kEnrolment;
}

}  // namespace

class SyncSession::State {
 public:
  State(Role role, Store& store, const Identity& self, SyncSessionOptions options)
      : role_(role), store_(store), self_(self), options_(options) {}

  Role role_;
  Store& store_;
  Identity self_;
  SyncSessionOptions options_;
  const PeerDirectory* peers_ = nullptr;  // server
  std::optional<Invite> invite_;          // pairing client
  std::unique_ptr<SecureChannel> channel_;

  bool peer_key_pinned_ = false;  // server: the client's key was found at handshake
  bool paired_ = false;           // server: this session redeemed an invite
  bool hello_received_ = false;
  bool finishing_ = false;  // our final frame is sent
  bool done_ = false;
  Status outcome_ = Status::ok();
  std::optional<Peer> peer_;
  SyncSessionStats stats_;

  // Receiving.
  VectorMap peer_vector_;  // as heard, advanced by what the peer acknowledged
  bool peer_vector_complete_ = false;
  bool peer_done_ = false;
  uint64_t next_incoming_batch_ = 1;
  std::optional<std::vector<std::string>> peer_scopes_;  // server: what the school may write
  std::optional<SchoolWriteRules> write_rules_;           // server, once Hello is checked
  bool peer_scopes_stale_ = true;

  // Sending.
  std::unique_ptr<BatchSource> source_;
  struct InFlight {
    uint64_t number;
    VectorMap advances;
  };
  std::deque<InFlight> in_flight_;
  uint64_t next_outgoing_batch_ = 1;
  bool sent_done_ = false;
  uint64_t first_batch_after_done_ = 0;  // 0: none sent after our Done

  // Materials (material_exchange.h), once both sides' ops are done.
  std::unique_ptr<MaterialExchange> materials_;

  // Time (monotonic, from the driver).
  int64_t now_ms_ = 0;
  int64_t started_ms_ = 0;
  int64_t last_received_ms_ = 0;
  int64_t last_sent_ms_ = 0;
  std::string output_;

  void start(int64_t now) {
    now_ms_ = started_ms_ = last_received_ms_ = last_sent_ms_ = now;
    if (role_ == Role::kServer) {
      channel_ = SecureChannel::server(self_, [this](const PublicKey& client) {
        auto found = peers_->find_by_key(client);
        if (!found) return found.status();
        peer_key_pinned_ = found->has_value();
        if (*found) peer_ = **found;
        // An unknown key may only redeem an invite; anything else is refused after the
        // handshake, in words the school's log shows.
        return Status::ok();
      });
    } else {
      const PublicKey& hub_key = role_ == Role::kClient ? peer_->key : invite_->hub_key;
      channel_ = SecureChannel::client(self_, hub_key);
    }
    collect_channel_output();
  }

  void receive(std::string_view bytes, int64_t now) {
    if (done_) return;
    stats_.bytes_received += bytes.size();
    now_ms_ = last_received_ms_ = now;
    const bool was_open = channel_->is_open();
    std::vector<std::string> messages;
    Status received = channel_->receive(bytes, &messages);
    if (!was_open && channel_->is_open()) on_channel_open();
    for (const std::string& message : messages) {
      if (done_) break;
      handle(message);
    }
    if (!received.is_ok() && !done_) fail(describe_channel_error(received));
    if (!done_ && channel_->peer_finished()) on_peer_finished();
    collect_channel_output();
  }

  void end_of_stream() {
    if (done_) return;
    Status ended = channel_->end_of_stream();
    if (!ended.is_ok()) {
      fail(Status::io(fmt::format("the connection to {} was cut before the sync finished ({})",
                                  describe_peer(peer_), ended.message())));
    } else {
      on_peer_finished();
    }
  }

  void on_timer(int64_t now) {
    if (done_) return;
    now_ms_ = now;
    if (!hello_received_ && now - started_ms_ >= options_.handshake_timeout_ms) {
      fail(Status::io(fmt::format(
          "no handshake with {} within {} s: the link is too slow or the other side is not "
          "partad",
          describe_peer(peer_), options_.handshake_timeout_ms / 1000)));
    } else if (now - last_received_ms_ >= options_.idle_timeout_ms) {
      fail(Status::io(fmt::format("nothing heard from {} for {} s: the link is down",
                                  describe_peer(peer_), options_.idle_timeout_ms / 1000)));
    } else if (channel_->is_open() && !finishing_ && now - last_sent_ms_ >= options_.keepalive_ms) {
      wire::SessionMessage ping;
      ping.mutable_ping();
      send(ping);
    }
    collect_channel_output();
  }

  std::optional<int64_t> deadline() const {
    if (done_) return std::nullopt;
    int64_t deadline = last_received_ms_ + options_.idle_timeout_ms;
    if (!hello_received_)
      deadline = std::min(deadline, started_ms_ + options_.handshake_timeout_ms);
    if (channel_ && channel_->is_open() && !finishing_) {
      deadline = std::min(deadline, last_sent_ms_ + options_.keepalive_ms);
    }
    return deadline;
  }

  std::string take_output() {
    if (materials_) {  // after every step, so a cut session reports what moved too
      stats_.pack_bytes_sent = materials_->stats().pack_bytes_sent;
      stats_.pack_bytes_received = materials_->stats().pack_bytes_received;
      stats_.packs_received = materials_->stats().packs_received;
    }
    stats_.bytes_sent += output_.size();
    return std::exchange(output_, {});
  }

  void collect_channel_output() {
    if (channel_) output_ += channel_->take_output();
  }

  // ---- Messages out ----

  void send(const wire::SessionMessage& message) {
    Status sent = channel_->send(message.SerializeAsString());
    if (!sent.is_ok()) fail(sent);
    last_sent_ms_ = now_ms_;
  }

  // `scopes` sorted; nullopt sends the whole vector.
  void send_vector(const std::optional<std::vector<std::string>>& scopes) {
    std::vector<VersionEntry> entries;
    Status read = store_.read([&](const ReadView& view) {
      auto vector = view.version_vector();
      if (!vector) return vector.status();
      entries = std::move(*vector);
      return Status::ok();
    });
    if (!read.is_ok()) return fail(read);
    if (scopes) {
      std::erase_if(entries, [&](const VersionEntry& entry) {
        return !std::binary_search(scopes->begin(), scopes->end(), entry.scope);
      });
    }
    size_t at = 0;
    do {
      wire::SessionMessage message;
      auto* chunk = message.mutable_vector();
      for (size_t end = std::min(entries.size(), at + kVectorChunkEntries); at < end; ++at) {
        auto* entry = chunk->add_entries();
        entry->set_scope(entries[at].scope);
        entry->set_origin(entries[at].origin);
        entry->set_seq(entries[at].seq);
      }
      if (std::string packed = pack_vector_entries(*chunk);
          !packed.empty() && packed.size() < chunk->ByteSizeLong()) {
        chunk->clear_entries();
        chunk->set_packed_entries(std::move(packed));
      }
      chunk->set_last(at == entries.size());
      send(message);
    } while (at < entries.size() && !done_);
  }

  void refuse(Status reason) {
    wire::SessionMessage message;
    message.mutable_refusal()->set_reason(reason.message());
    send(message);
    (void)channel_->finish();
    finishing_ = true;
    fail(std::move(reason));
  }

  void fail(Status reason) {
    if (done_) return;
    assert(!reason.is_ok());
    outcome_ = std::move(reason);
    done_ = true;
  }

  void succeed() {
    assert(!done_);
    done_ = true;
    outcome_ = Status::ok();
  }

  Status describe_channel_error(const Status& error) const {
    std::string text = fmt::format("channel with {}: {}", describe_peer(peer_), error.message());
    return error.kind() == Status::Kind::kRefused ? Status::refused(text) : Status::corrupt(text);
  }

  // ---- The protocol ----

  void on_channel_open() {
    if (role_ == Role::kPairingClient) {
      wire::SessionMessage message;
      auto* request = message.mutable_pair_request();
      request->set_token(invite_->token);
      request->set_name(store_.node().name);
      request->set_school(store_.node().school.to_string());
      request->set_origin(store_.node().origin);
      send(message);
    } else if (role_ == Role::kClient) {
      send_hello();
      send_vector(std::nullopt);  // the hub may receive everything a school holds
    }
  }

  void send_hello() {
    wire::SessionMessage message;
    auto* hello = message.mutable_hello();
    hello->set_name(store_.node().name);
    hello->set_role(store_.node().role);
    hello->set_school(store_.node().school.to_string());
    hello->set_origin(store_.node().origin);
    send(message);
  }

  void handle(const std::string& bytes) {
    wire::SessionMessage message;
    if (!message.ParseFromString(bytes)) {
      return fail(Status::corrupt(
          fmt::format("{} sent a message this release cannot read; update Parta on both sides",
                      describe_peer(peer_))));
    }
    switch (message.body_case()) {
      case wire::SessionMessage::kRefusal:
        return fail(Status::refused(fmt::format("{} refused the sync: {}", describe_peer(peer_),
                                                message.refusal().reason())));
      case wire::SessionMessage::kPing:
        return;
      case wire::SessionMessage::kPairRequest:
        return on_pair_request(message.pair_request());
      case wire::SessionMessage::kPairAccepted:
        return on_pair_accepted(message.pair_accepted());
      case wire::SessionMessage::kHello:
        return on_hello(message.hello());
      default:
        break;
    }
    if (!hello_received_) {
      return refuse_or_fail(Status::refused(
          fmt::format("{} sent sync data before saying who it is", describe_peer(peer_))));
    }
    switch (message.body_case()) {
      case wire::SessionMessage::kVector:
        return on_vector(message.vector());
      case wire::SessionMessage::kAnnounce:
        stats_.ops_announced_incoming = message.announce().ops();
        return;
      case wire::SessionMessage::kBatch:
        return on_batch(message.batch());
      case wire::SessionMessage::kAck:
        return on_ack(message.ack());
      case wire::SessionMessage::kDone:
        if (peer_done_) return fail(Status::corrupt("a second Done"));
        peer_done_ = true;
        // The school asks for materials once the hub's ops are all here; the hub asks when
        // it sends its own Done (pump).
        if (role_ == Role::kClient) send_material_wants();
        if (source_) return pump();
        return maybe_finish();
      case wire::SessionMessage::kMaterialWants:
        return on_material_wants(message.material_wants());
      case wire::SessionMessage::kPackPart:
        return on_pack_part(message.pack_part());
      case wire::SessionMessage::kPackAck:
        return on_pack_ack(message.pack_ack());
      default:
        return fail(Status::corrupt(fmt::format(
            "{} sent an unexpected message; update Parta on both sides", describe_peer(peer_))));
    }
  }

  void refuse_or_fail(Status reason) {
    if (role_ == Role::kServer) return refuse(std::move(reason));
    fail(std::move(reason));
  }

  void on_pair_request(const wire::PairRequest& request) {
    if (role_ != Role::kServer || hello_received_) {
      return fail(Status::corrupt("unexpected pairing request"));
    }
    auto school = RecordKey::from_bytes(request.school());
    if (!school || request.origin() == 0) {
      return refuse(Status::refused("the pairing request names no school or node id"));
    }
    if (*school == store_.node().school || request.origin() == store_.node().origin) {
      return refuse(Status::refused("a school cannot pair as the hub itself"));
    }
    auto pinned = peers_->redeem_invite(request.token(), channel_->peer_key(), request.name(),
                                        *school, request.origin(), wall_clock_ms());
    if (!pinned) return refuse(pinned.status());
    peer_ = *pinned;
    hello_received_ = true;
    paired_ = true;
    wire::SessionMessage message;
    auto* accepted = message.mutable_pair_accepted();
    accepted->set_hub_name(store_.node().name);
    accepted->set_hub_school(store_.node().school.to_string());
    accepted->set_pinned_as(pinned->name);
    send(message);
    // The school ends the session once it has pinned the hub.
  }

  void on_pair_accepted(const wire::PairAccepted& accepted) {
    if (role_ != Role::kPairingClient || hello_received_) {
      return fail(Status::corrupt("unexpected pairing answer"));
    }
    auto hub_school = RecordKey::from_bytes(accepted.hub_school());
    if (!hub_school) return fail(Status::corrupt("the hub's pairing answer names no school"));
    hello_received_ = true;
    Peer hub;
    hub.name = "hub";
    hub.role = "hub";
    hub.key = invite_->hub_key;
    hub.address = invite_->address;
    hub.school = *hub_school;
    hub.paired_ms = wall_clock_ms();
    peer_ = hub;
    (void)channel_->finish();
    finishing_ = true;
  }

  void on_hello(const wire::Hello& hello) {
    if (hello_received_ || role_ == Role::kPairingClient) {
      return fail(Status::corrupt("unexpected Hello"));
    }
    auto school = RecordKey::from_bytes(hello.school());
    if (role_ == Role::kServer) {
      if (!peer_key_pinned_) {
        return refuse(Status::refused(fmt::format(
            "the key of «{}» is not paired with this hub; pair it: 'parta invite' on the hub, "
            "then 'parta pair FILE' on the school",
            hello.name())));
      }
      if (!school || *school != peer_->school || hello.origin() != peer_->origin) {
        return refuse(Status::refused(fmt::format(
            "«{}» presents another school or node id than the ones paired with its key (was it "
            "restored from a backup?); run 'parta peers remove {}' on the hub and pair it again",
            peer_->name, peer_->name)));
      }
      auto others = peers_->list();
      if (!others) return fail(others.status());
      std::set<uint32_t> other_origins;
      for (const Peer& other : *others) {
        if (other.key != peer_->key && other.origin != 0) other_origins.insert(other.origin);
      }
      write_rules_.emplace(*peer_, store_.node().origin, std::move(other_origins));
      hello_received_ = true;
      send_hello();
      auto scopes = refresh_peer_scopes();
      if (!scopes.is_ok()) return fail(scopes);
      send_vector(peer_scopes_);
    } else {
      if (hello.role() != "hub") {
        return fail(
            Status::refused(fmt::format("{} at {} is not a hub (it says it is a {})",
                                        describe_peer(peer_), peer_->address, hello.role())));
      }
      hello_received_ = true;
    }
  }

  Status refresh_peer_scopes() {
    if (!peer_scopes_stale_) return Status::ok();
    Status read = store_.read([&](const ReadView& view) {
      auto scopes = scopes_peer_may_receive(view, *peer_);
      if (!scopes) return scopes.status();
      peer_scopes_ = std::move(*scopes);
      if (peer_scopes_) std::sort(peer_scopes_->begin(), peer_scopes_->end());
      return Status::ok();
    });
    if (read.is_ok()) peer_scopes_stale_ = false;
    return read;
  }

  void on_vector(const wire::VectorChunk& sent) {
    if (peer_vector_complete_) return fail(Status::corrupt("a second version vector"));
    std::optional<wire::VectorChunk> unpacked;
    if (!sent.packed_entries().empty()) {
      auto entries = unpack_vector_entries(sent.packed_entries());
      if (!entries) return fail(entries.status().with_context(describe_peer(peer_)));
      unpacked = std::move(*entries);
      unpacked->set_last(sent.last());
      for (const auto& entry : sent.entries()) *unpacked->add_entries() = entry;
    }
    const wire::VectorChunk& chunk = unpacked ? *unpacked : sent;
    if (peer_vector_.size() + chunk.entries_size() > kPeerVectorEntriesMax) {
      return fail(Status::corrupt(fmt::format("{} sent a version vector of over {} entries",
                                              describe_peer(peer_), kPeerVectorEntriesMax)));
    }
    for (const auto& entry : chunk.entries()) {
      if (entry.scope().empty() || entry.scope().size() > kScopeBytesMax) {
        return fail(Status::corrupt(fmt::format("{} sent a version vector with a malformed scope",
                                                describe_peer(peer_))));
      }
      // The hub keeps only what concerns the school: the rest is none of its business.
      if (peer_scopes_ && !std::binary_search(peer_scopes_->begin(), peer_scopes_->end(),
                                              entry.scope())) {
        continue;
      }
      peer_vector_[{entry.scope(), entry.origin()}] = entry.seq();
    }
    if (!chunk.last()) return;
    peer_vector_complete_ = true;
    source_ = std::make_unique<BatchSource>(
        store_, *peer_, peer_vector_,
        BatchLimits{options_.batch_ops_max, options_.batch_value_bytes_max});
    auto planned = source_->plan();
    if (!planned) return fail(planned.status());
    wire::SessionMessage message;
    message.mutable_announce()->set_ops(*planned);
    send(message);
    pump();
  }

  // Sends what is due, ops first: batches while the window has room (after our Done only
  // while materials are still moving, so a result written during a long transfer goes out in
  // this session), then Done, then pack parts.
  void pump() {
    while (!done_ && in_flight_.size() < options_.window_batches) {
      if (sent_done_ && !materials_moving()) break;
      auto batch = source_->next();
      if (!batch) return fail(batch.status());
      wire::SessionMessage message;
      if (!*batch) {
        if (sent_done_) break;
        // The hub says Done only after the school's Done: the school's batches may have
        // opened scopes (a new enrolment) whose ops it must still receive in this session.
        if (role_ == Role::kServer && !peer_done_) break;
        message.mutable_done()->set_ops_sent(stats_.ops_sent);
        send(message);
        sent_done_ = true;
        if (role_ == Role::kServer) send_material_wants();
        break;
      }
      auto* out = message.mutable_batch();
      out->set_number(next_outgoing_batch_);
      out->set_changeset(std::move((*batch)->changeset));
      send(message);
      if (sent_done_ && first_batch_after_done_ == 0) first_batch_after_done_ = next_outgoing_batch_;
      in_flight_.push_back({next_outgoing_batch_++, std::move((*batch)->advances)});
      stats_.ops_sent += (*batch)->ops;
      ++stats_.batches_sent;
    }
    pump_pack_parts();
    maybe_finish();
  }

  // ---- Materials ----

  bool materials_moving() const {
    return materials_ && (!materials_->serving_done() || !materials_->receiving_done());
  }

  MaterialExchange& material_exchange() {
    if (!materials_) {
      materials_ = std::make_unique<MaterialExchange>(
          store_, role_ == Role::kServer ? peer_scopes_ : std::nullopt);
    }
    return *materials_;
  }

  void send_material_wants() {
    if (done_) return;
    if (Status scopes = refresh_material_scopes(); !scopes.is_ok()) return fail(scopes);
    auto wants = material_exchange().our_wants();
    if (!wants) return fail(wants.status());
    wire::SessionMessage message;
    *message.mutable_material_wants() = std::move(*wants);
    send(message);
  }

  void on_material_wants(const wire::MaterialWants& wants) {
    if (!peer_done_) return fail(Status::corrupt("materials asked for before Done"));
    if (Status scopes = refresh_material_scopes(); !scopes.is_ok()) return fail(scopes);
    Status taken = material_exchange().take_peer_wants(wants);
    if (!taken.is_ok()) {
      return refuse_or_fail(taken.with_context(describe_peer(peer_)));
    }
    // A peer may send its wants before its whole vector (then there is nothing to pump yet).
    if (source_) return pump();
    maybe_finish();
  }

  // The hub's exchange follows the school's scopes as late batches change them.
  Status refresh_material_scopes() {
    if (role_ != Role::kServer) return Status::ok();
    if (peer_scopes_stale_) PARTA_RETURN_IF_ERROR(refresh_peer_scopes());
    material_exchange().set_peer_scopes(peer_scopes_);
    return Status::ok();
  }

  void pump_pack_parts() {
    while (!done_ && materials_) {
      auto part = materials_->next_part();
      if (!part) return fail(part.status());
      if (!*part) return;
      wire::SessionMessage message;
      *message.mutable_pack_part() = std::move(**part);
      send(message);
    }
  }

  void on_pack_part(const wire::PackPart& part) {
    // Parts answer our wants, which exist only once we sent them.
    if (!materials_ || !materials_->receiving_started()) {
      return fail(Status::corrupt("a pack part nobody asked for"));
    }
    auto ack = materials_->on_part(part);
    if (!ack) return refuse_or_fail(ack.status().with_context(describe_peer(peer_)));
    if (*ack) {
      wire::SessionMessage message;
      *message.mutable_pack_ack() = std::move(**ack);
      send(message);
    }
    if (source_) return pump();
    maybe_finish();
  }

  void on_pack_ack(const wire::PackAck& ack) {
    if (!materials_) return fail(Status::corrupt("an ack of a pack nobody sent"));
    Status taken = materials_->on_ack(ack);
    if (!taken.is_ok()) return fail(taken.with_context(describe_peer(peer_)));
    if (source_) return pump();
    maybe_finish();
  }

  void on_batch(const wire::Batch& batch) {
    if (batch.number() != next_incoming_batch_) {
      return fail(
          Status::corrupt(fmt::format("{} sent batch {} where {} was due", describe_peer(peer_),
                                      batch.number(), next_incoming_batch_)));
    }
    auto ops = decode_changeset(batch.changeset());
    if (!ops) {
      return fail(ops.status().with_context(
          fmt::format("batch {} from {}", batch.number(), describe_peer(peer_))));
    }
    if (role_ == Role::kServer) {
      Status allowed = check_school_may_write(*ops);
      if (!allowed.is_ok()) return refuse(allowed);
    }
    for (const oplog::Op& op : *ops) {
      uint64_t& held = peer_vector_[{op.scope(), op.origin()}];
      held = std::max(held, op.seq());
      if (source_) source_->peer_holds(op.scope(), op.origin(), op.seq());
    }
    Status applied = store_.apply_remote(*ops);
    if (!applied.is_ok()) {
      return refuse_or_fail(applied.with_context(
          fmt::format("batch {} from {} was not applied", batch.number(), describe_peer(peer_))));
    }
    if (role_ == Role::kServer && std::any_of(ops->begin(), ops->end(), changes_scopes)) {
      peer_scopes_stale_ = true;
    }
    ++next_incoming_batch_;
    ++stats_.batches_received;
    stats_.ops_received += ops->size();
    wire::SessionMessage ack;
    ack.mutable_ack()->set_number(batch.number());
    send(ack);
  }

  // What a school may write: school_write_rules.h.
  Status check_school_may_write(const std::vector<oplog::Op>& ops) {
    if (peer_scopes_stale_) PARTA_RETURN_IF_ERROR(refresh_peer_scopes());
    if (!peer_scopes_ || !write_rules_) {
      return Status::refused(fmt::format("{} is not paired as a school", describe_peer(peer_)));
    }
    return store_.read([&](const ReadView& view) {
      return write_rules_->check(view, ops, *peer_scopes_);
    });
  }

  void on_ack(const wire::BatchAck& ack) {
    if (in_flight_.empty() || in_flight_.front().number != ack.number()) {
      return fail(
          Status::corrupt(fmt::format("{} acknowledged batch {}, which was not the next one sent",
                                      describe_peer(peer_), ack.number())));
    }
    for (const auto& [scope_origin, seq] : in_flight_.front().advances) {
      uint64_t& held = peer_vector_[scope_origin];
      held = std::max(held, seq);
    }
    in_flight_.pop_front();
    pump();
  }

  // Both sides' ops are done and acknowledged, and every material either side asked for has
  // arrived. `late_batches_allowed`: batches sent after our Done may still be unacknowledged
  // (the hub, when the school ends the session: they go again next time, as the vector says).
  bool in_step(bool late_batches_allowed = false) const {
    const bool batches_acked =
        in_flight_.empty() || (late_batches_allowed && first_batch_after_done_ != 0 &&
                               in_flight_.front().number >= first_batch_after_done_);
    return sent_done_ && peer_done_ && batches_acked && materials_ &&
           materials_->peer_wants_received() && !materials_moving();
  }

  // The school ends the channel once both sides are in step, and is done: it holds the hub's
  // Done and an ack for each of its batches, so the hub's answering final frame would tell it
  // nothing more, and waiting for it would cost a round trip.
  void maybe_finish() {
    if (done_ || finishing_ || role_ != Role::kClient || !in_step()) return;
    Status finished = channel_->finish();
    if (!finished.is_ok()) return fail(finished);
    finishing_ = true;
    succeed();
  }

  void on_peer_finished() {
    if (done_) return;
    if (role_ == Role::kServer) {
      if (paired_) {
        (void)channel_->finish();
        finishing_ = true;
        return succeed();
      }
      if (!in_step(/*late_batches_allowed=*/true)) {
        return fail(Status::io(
            fmt::format("{} ended the session before it was in step", describe_peer(peer_))));
      }
      Status finished = channel_->finish();
      if (!finished.is_ok()) return fail(finished);
      finishing_ = true;
      return succeed();
    }
    // A school that is in step is done already (maybe_finish); a pairing school ends when
    // it has pinned the hub.
    if (!finishing_) {
      return fail(Status::io(
          fmt::format("{} ended the session before it was in step", describe_peer(peer_))));
    }
    succeed();
  }

  // Invites expire by the calendar: the store's wall clock (a simulated one under test).
  int64_t wall_clock_ms() const { return store_.wall_clock().now_unix_ms(); }
};

SyncSession::SyncSession(std::unique_ptr<State> state) : state_(std::move(state)) {}
SyncSession::~SyncSession() = default;

std::unique_ptr<SyncSession> SyncSession::client(Store& store, const Identity& self,
                                                 const Peer& hub, SyncSessionOptions options) {
  auto state = std::make_unique<State>(Role::kClient, store, self, options);
  state->peer_ = hub;
  return std::unique_ptr<SyncSession>(new SyncSession(std::move(state)));
}

std::unique_ptr<SyncSession> SyncSession::pairing_client(Store& store, const Identity& self,
                                                         const Invite& invite,
                                                         SyncSessionOptions options) {
  auto state = std::make_unique<State>(Role::kPairingClient, store, self, options);
  state->invite_ = invite;
  return std::unique_ptr<SyncSession>(new SyncSession(std::move(state)));
}

std::unique_ptr<SyncSession> SyncSession::server(Store& store, const Identity& self,
                                                 const PeerDirectory& peers,
                                                 SyncSessionOptions options) {
  auto state = std::make_unique<State>(Role::kServer, store, self, options);
  state->peers_ = &peers;
  return std::unique_ptr<SyncSession>(new SyncSession(std::move(state)));
}

void SyncSession::start(int64_t now_ms) { state_->start(now_ms); }
void SyncSession::receive(std::string_view bytes, int64_t now_ms) {
  state_->receive(bytes, now_ms);
}
void SyncSession::end_of_stream(int64_t) { state_->end_of_stream(); }
void SyncSession::on_timer(int64_t now_ms) { state_->on_timer(now_ms); }
std::string SyncSession::take_output() { return state_->take_output(); }
std::optional<int64_t> SyncSession::deadline_ms() const { return state_->deadline(); }
bool SyncSession::done() const { return state_->done_; }
const Status& SyncSession::outcome() const { return state_->outcome_; }
const std::optional<Peer>& SyncSession::peer() const { return state_->peer_; }
const SyncSessionStats& SyncSession::stats() const { return state_->stats_; }

std::vector<VersionEntry> SyncSession::peer_vector() const {
  std::vector<VersionEntry> entries;
  for (const auto& [scope_origin, seq] : state_->peer_vector_) {
    entries.push_back({scope_origin.first, scope_origin.second, seq});
  }
  return entries;
}

}  // namespace parta
