// Fuzz target: a peer's changeset batch. The input is decoded twice: as a whole batch (header,
// zstd frame, body), and as a bare body, since random bytes seldom get through a zstd frame's
// checksum to the body decoder. Invariants: decoding fails only as Corrupt or Refused; whatever
// decodes encodes again, and that batch decodes to the same ops, byte for byte.
#include <cstdlib>
#include <string_view>

#include "fuzz_targets.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_codec.h"

namespace parta::fuzz {
namespace {

void check_round_trip(const Result<std::vector<oplog::Op>>& decoded) {
  if (!decoded) {
    Status::Kind kind = decoded.status().kind();
    if (kind != Status::Kind::kCorrupt && kind != Status::Kind::kRefused) std::abort();
    return;
  }
  auto again = encode_changeset(*decoded);
  if (!again) std::abort();  // the decoder let through what the encoder refuses
  auto ops = decode_changeset(*again);
  if (!ops || ops->size() != decoded->size()) std::abort();
  for (size_t i = 0; i < ops->size(); ++i) {
    if ((*ops)[i].SerializeAsString() != (*decoded)[i].SerializeAsString()) std::abort();
  }
}

}  // namespace

void changeset(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check_round_trip(decode_changeset(bytes));
  check_round_trip(decode_changeset_body(bytes));
}

}  // namespace parta::fuzz
