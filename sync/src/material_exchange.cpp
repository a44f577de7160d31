// The materials part of a sync session; see material_exchange.h.
#include "material_exchange.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <fstream>
#include <iterator>
#include <sstream>

#include "parta/storage/atomic_file.h"

namespace parta {
namespace {

constexpr size_t kPackIdBytes = 20;  // a pack's trailer: the SHA-1 of everything before it

bool is_commit_id(std::string_view text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string pack_id_of(const std::string& pack) {
  return pack.size() < kPackIdBytes ? std::string() : pack.substr(pack.size() - kPackIdBytes);
}

}  // namespace

MaterialExchange::MaterialExchange(Store& store,
                                   std::optional<std::vector<std::string>> peer_scopes)
    : store_(store), peer_scopes_(std::move(peer_scopes)) {}

MaterialExchange::~MaterialExchange() = default;

Result<MaterialStore*> MaterialExchange::materials() {
  if (!materials_) {
    auto opened = MaterialStore::open(store_.dir());
    if (!opened) return opened.status();
    materials_ = std::move(*opened);
  }
  return materials_.get();
}

Result<std::vector<NamedMaterial>> MaterialExchange::named_in_scope() const {
  std::vector<NamedMaterial> named;
  Status read = store_.read([&](const ReadView& view) {
    auto found = materials_named(view, peer_scopes_);
    if (!found) return found.status();
    named = std::move(*found);
    return Status::ok();
  });
  if (!read.is_ok()) return read;
  return named;
}

std::filesystem::path MaterialExchange::kept_pack(const std::string& commit) const {
  return store_.dir() / kMaterialsIncomingDir / (commit + ".pack.part");
}

std::filesystem::path MaterialExchange::kept_meta(const std::string& commit) const {
  return store_.dir() / kMaterialsIncomingDir / (commit + ".meta");
}

void MaterialExchange::forget_kept(const std::string& commit) const {
  std::error_code ignored;  // a file already gone is what we want
  std::filesystem::remove(kept_pack(commit), ignored);
  std::filesystem::remove(kept_meta(commit), ignored);
}

Result<wire::MaterialWants> MaterialExchange::our_wants() {
  assert(!wants_sent_);
  wants_sent_ = true;
  wire::MaterialWants wants;
  auto named = named_in_scope();
  if (!named) return named.status();
  if (named->empty()) return wants;
  auto store = materials();
  if (!store) return store.status();
  std::set<std::string> asked;
  for (const NamedMaterial& material : *named) {
    if (asking_.size() == kMaterialWantsMax) break;
    if (asked.contains(material.commit)) continue;  // its second ref moves once it is here
    auto held = (*store)->has_commit(material.commit);
    if (!held) return held.status();
    auto tip = (*store)->ref_commit(material.ref);
    if (!tip) return tip.status();
    if (*held) {
      // Here already, but its ref may not have moved (the process died between indexing the
      // pack and moving it, or another record named the same commit): the record decides.
      if (*tip != material.commit) {
        PARTA_RETURN_IF_ERROR((*store)->set_ref(material.ref, material.commit));
      }
      continue;
    }
    asked.insert(material.commit);
    Asked entry{material.commit, material.ref};
    auto* want = wants.add_wants();
    want->set_commit(material.commit);
    if (*tip) want->add_have(**tip);
    // A pack this node began to receive in a session that was cut: ask for the rest.
    std::ifstream meta(kept_meta(material.commit));
    uint64_t total = 0;
    std::string pack_id_hex;
    std::error_code error;
    const auto kept = std::filesystem::file_size(kept_pack(material.commit), error);
    if (meta >> total >> pack_id_hex && !error && kept <= total &&
        pack_id_hex.size() == 2 * kPackIdBytes) {
      std::string pack_id;
      for (size_t at = 0; at < pack_id_hex.size(); at += 2) {
        const auto nibble = [](char c) {
          return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        };
        const int high = nibble(pack_id_hex[at]), low = nibble(pack_id_hex[at + 1]);
        if (high < 0 || low < 0) break;  // a damaged label: the id is short, so no resume
        pack_id.push_back(static_cast<char>(high << 4 | low));
      }
      entry.kept_bytes = kept;
      entry.pack_id = pack_id;
      entry.total_bytes = total;
      want->set_resume_offset(kept);
      want->set_resume_pack_id(pack_id);
    } else {
      forget_kept(material.commit);
    }
    asking_.push_back(std::move(entry));
  }
  return wants;
}

Status MaterialExchange::take_peer_wants(const wire::MaterialWants& wants) {
  if (peer_wants_received_) return Status::corrupt("a second list of wanted materials");
  peer_wants_received_ = true;
  if (wants.wants_size() > static_cast<int>(kMaterialWantsMax)) {
    return Status::refused(fmt::format("the peer wants {} materials at once; the most is {}",
                                       wants.wants_size(), kMaterialWantsMax));
  }
  if (wants.wants().empty()) return Status::ok();
  auto named = named_in_scope();
  if (!named) return named.status();
  std::set<std::string> allowed;
  for (const NamedMaterial& material : *named) allowed.insert(material.commit);
  for (const wire::MaterialWant& want : wants.wants()) {
    if (!is_commit_id(want.commit()) || want.have_size() > 16 ||
        !std::all_of(want.have().begin(), want.have().end(), is_commit_id)) {
      return Status::corrupt("a wanted material is not named by a commit id");
    }
    if (!allowed.contains(want.commit())) {
      return Status::refused(fmt::format(
          "the peer asked for materials (commit {}) that no record it may see names",
          want.commit()));
    }
    serving_.push_back({want});
  }
  return Status::ok();
}

using MaybePart = std::optional<wire::PackPart>;

Result<MaybePart> MaterialExchange::next_part() {
  if (serving_.empty()) return MaybePart();
  Serving& front = serving_.front();
  if (!front.pack) {
    auto store = materials();
    if (!store) return store.status();
    const auto unavailable = [&] {
      wire::PackPart part;
      part.set_commit(front.want.commit());
      part.set_unavailable(true);
      serving_.pop_front();
      return MaybePart(std::move(part));
    };
    auto held = (*store)->has_commit(front.want.commit());
    if (!held) return held.status();
    if (!*held) return unavailable();  // named by a record that arrived before its materials did
    const std::string wanted[] = {front.want.commit()};
    std::vector<std::string> bases(front.want.have().begin(), front.want.have().end());
    auto pack = (*store)->build_pack(wanted, bases);
    if (!pack) return pack.status();
    // More than any node takes in one pack: sending it would fail this session and every one
    // after it; answered as unavailable, the rest of the session goes on without it.
    if (pack->size() > kPackBytesMax) return unavailable();
    front.pack = std::move(*pack);
    front.pack_id = pack_id_of(*front.pack);
    // The same pack as the one the asker kept part of: go on where its copy ends.
    if (front.want.resume_pack_id() == front.pack_id &&
        front.want.resume_offset() < front.pack->size()) {
      front.next_offset = front.acked = front.want.resume_offset();
    }
  }
  const uint64_t total = front.pack->size();
  if (front.next_offset >= total && front.next_offset > front.acked) return MaybePart();
  if (front.next_offset - front.acked >= kPackPartsInFlightMax * kPackPartBytesMax) {
    return MaybePart();  // the window is full: wait for acks
  }
  wire::PackPart part;
  part.set_commit(front.want.commit());
  part.set_offset(front.next_offset);
  part.set_total_bytes(total);
  part.set_pack_id(front.pack_id);
  const size_t bytes = std::min<uint64_t>(kPackPartBytesMax, total - front.next_offset);
  part.set_data(front.pack->substr(front.next_offset, bytes));
  front.next_offset += bytes;
  stats_.pack_bytes_sent += bytes;
  return MaybePart(std::move(part));
}

Status MaterialExchange::on_ack(const wire::PackAck& ack) {
  if (serving_.empty() || !serving_.front().pack || ack.commit() != serving_.front().want.commit() ||
      ack.received() > serving_.front().next_offset || ack.received() < serving_.front().acked) {
    return Status::corrupt("an acknowledgement of pack bytes that were not sent");
  }
  Serving& front = serving_.front();
  front.acked = ack.received();
  if (front.acked == front.pack->size()) serving_.pop_front();
  return Status::ok();
}

using MaybeAck = std::optional<wire::PackAck>;

Result<MaybeAck> MaterialExchange::on_part(const wire::PackPart& part) {
  if (asking_.empty() || part.commit() != asking_.front().commit) {
    return Status::corrupt("a pack part for materials that were not asked for, or out of order");
  }
  Asked& asked = asking_.front();
  wire::PackAck ack;
  ack.set_commit(asked.commit);
  if (part.unavailable()) {  // the peer does not hold it yet: ask again next session
    asking_.pop_front();
    return MaybeAck();
  }
  if (part.total_bytes() == 0 || part.total_bytes() > kPackBytesMax ||
      part.data().size() > kPackPartBytesMax || part.pack_id().size() != kPackIdBytes ||
      part.offset() + part.data().size() > part.total_bytes()) {
    return Status::corrupt("a pack part breaks the limits (docs/sync-protocol.md)");
  }
  if (part.offset() == 0) {  // a new pack, or the kept copy was of another one: start afresh
    std::error_code error;
    std::filesystem::create_directories(store_.dir() / kMaterialsIncomingDir, error);
    std::string hex;
    for (unsigned char byte : part.pack_id()) hex += fmt::format("{:02x}", byte);
    // The old copy goes before the new label: a crash in between leaves an empty copy, never
    // old bytes under the new pack's id.
    std::ofstream(kept_pack(asked.commit), std::ios::binary | std::ios::trunc);
    PARTA_RETURN_IF_ERROR(write_file_atomically(
        kept_meta(asked.commit), fmt::format("{} {}\n", part.total_bytes(), hex)));
    asked.kept_bytes = 0;
    asked.pack_id = part.pack_id();
    asked.total_bytes = part.total_bytes();
  }
  if (part.offset() != asked.kept_bytes || part.pack_id() != asked.pack_id ||
      part.total_bytes() != asked.total_bytes) {
    return Status::corrupt(fmt::format("pack part at byte {} where {} was due", part.offset(),
                                       asked.kept_bytes));
  }
  {
    std::ofstream out(kept_pack(asked.commit), std::ios::binary | std::ios::app);
    out.write(part.data().data(), static_cast<std::streamsize>(part.data().size()));
    if (!out.flush()) {
      return Status::io(fmt::format("cannot write {}; check the disk",
                                    kept_pack(asked.commit).string()));
    }
  }
  asked.kept_bytes += part.data().size();
  stats_.pack_bytes_received += part.data().size();
  ack.set_received(asked.kept_bytes);
  if (asked.kept_bytes == asked.total_bytes) {
    PARTA_RETURN_IF_ERROR(finish_pack(asked));
    asking_.pop_front();
  }
  return MaybeAck(std::move(ack));
}

Status MaterialExchange::finish_pack(Asked& asked) {
  std::ifstream in(kept_pack(asked.commit), std::ios::binary);
  std::string pack((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto store = materials();
  if (!store) return store.status();
  Status indexed = (*store)->index_pack(pack);
  // Verified and kept, or refused: either way the copy has served its purpose.
  forget_kept(asked.commit);
  if (!indexed.is_ok()) return indexed.with_context("materials from the peer");
  PARTA_RETURN_IF_ERROR((*store)->set_ref(asked.ref, asked.commit));
  ++stats_.packs_received;
  return Status::ok();
}

}  // namespace parta
