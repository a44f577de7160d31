// Git binary deltas; see git_delta.h. The encoder indexes the base in aligned blocks and scans
// the target for them, extending each match both ways, like git's diff-delta.c in spirit.
#include "git_delta.h"

#include <cassert>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace parta::materials {
namespace {

constexpr size_t kInsertBytesMax = 127;          // an insert op's length fits 7 bits
constexpr size_t kCopyBytesMax = 0xffffff;       // three size bytes
constexpr uint64_t kCopyOffsetMax = 0xffffffff;  // four offset bytes

uint64_t block_hash(const char* at) {
  uint64_t low, high;
  std::memcpy(&low, at, 8);
  std::memcpy(&high, at + 8, 8);
  static_assert(kDeltaBlockBytes == 16);
  return (low * 0x9e3779b97f4a7c15ULL) ^ (high + 0x7f4a7c159e3779b9ULL) * 0xbf58476d1ce4e5b9ULL;
}

void put_size(std::string& out, uint64_t size) {
  do {
    uint8_t byte = size & 0x7f;
    size >>= 7;
    out.push_back(static_cast<char>(size != 0 ? byte | 0x80 : byte));
  } while (size != 0);
}

void put_inserts(std::string& out, std::string_view bytes) {
  while (!bytes.empty()) {
    size_t length = std::min(bytes.size(), kInsertBytesMax);
    out.push_back(static_cast<char>(length));
    out.append(bytes.substr(0, length));
    bytes.remove_prefix(length);
  }
}

void put_copy(std::string& out, uint64_t offset, size_t length) {
  assert(offset <= kCopyOffsetMax && length > 0 && length <= kCopyBytesMax);
  std::string op(1, '\0');
  uint8_t flags = 0x80;
  for (int i = 0; i < 4; ++i) {
    uint8_t byte = (offset >> (8 * i)) & 0xff;
    if (byte != 0) flags |= 1 << i, op.push_back(static_cast<char>(byte));
  }
  for (int i = 0; i < 3; ++i) {
    uint8_t byte = (length >> (8 * i)) & 0xff;
    if (byte != 0) flags |= 0x10 << i, op.push_back(static_cast<char>(byte));
  }
  op[0] = static_cast<char>(flags);
  out += op;
}

std::optional<uint64_t> get_size(std::string_view delta, size_t* at) {
  uint64_t size = 0;
  for (int shift = 0; *at < delta.size() && shift < 64; shift += 7) {
    uint8_t byte = static_cast<uint8_t>(delta[(*at)++]);
    size |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) return size;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> encode_delta(std::string_view base, std::string_view target,
                                        size_t size_max) {
  if (base.size() < kDeltaBlockBytes || base.size() > kCopyOffsetMax) return std::nullopt;
  std::unordered_map<uint64_t, uint32_t> blocks;
  blocks.reserve(base.size() / kDeltaBlockBytes);
  for (size_t at = 0; at + kDeltaBlockBytes <= base.size(); at += kDeltaBlockBytes) {
    blocks.emplace(block_hash(base.data() + at), static_cast<uint32_t>(at));
  }
  std::string out;
  put_size(out, base.size());
  put_size(out, target.size());
  size_t literal_from = 0, at = 0;
  while (at + kDeltaBlockBytes <= target.size() && out.size() < size_max) {
    auto found = blocks.find(block_hash(target.data() + at));
    if (found == blocks.end() ||
        std::memcmp(base.data() + found->second, target.data() + at, kDeltaBlockBytes) != 0) {
      ++at;
      continue;
    }
    size_t from = found->second;
    while (at > literal_from && from > 0 && target[at - 1] == base[from - 1]) --at, --from;
    size_t length = kDeltaBlockBytes;
    while (at + length < target.size() && from + length < base.size() &&
           target[at + length] == base[from + length]) {
      ++length;
    }
    put_inserts(out, target.substr(literal_from, at - literal_from));
    for (size_t done = 0; done < length;) {
      size_t part = std::min(length - done, kCopyBytesMax);
      put_copy(out, from + done, part);
      done += part;
    }
    at += length;
    literal_from = at;
  }
  put_inserts(out, target.substr(literal_from));
  if (out.size() >= size_max) return std::nullopt;
  return out;
}

std::optional<std::string> apply_delta(std::string_view base, std::string_view delta) {
  size_t at = 0;
  auto base_size = get_size(delta, &at);
  auto target_size = get_size(delta, &at);
  if (!base_size || !target_size || *base_size != base.size()) return std::nullopt;
  std::string out;
  while (at < delta.size()) {
    uint8_t op = static_cast<uint8_t>(delta[at++]);
    if (op == 0) return std::nullopt;
    if ((op & 0x80) == 0) {
      if (delta.size() - at < op) return std::nullopt;
      out.append(delta.substr(at, op));
      at += op;
      continue;
    }
    uint64_t offset = 0, length = 0;
    for (int i = 0; i < 7; ++i) {
      if ((op & (1 << i)) == 0) continue;
      if (at >= delta.size()) return std::nullopt;
      uint64_t byte = static_cast<uint8_t>(delta[at++]);
      if (i < 4)
        offset |= byte << (8 * i);
      else
        length |= byte << (8 * (i - 4));
    }
    if (length == 0) length = 0x10000;
    if (offset + length > base.size()) return std::nullopt;
    out.append(base.substr(offset, length));
  }
  if (out.size() != *target_size) return std::nullopt;
  return out;
}

}  // namespace parta::materials
