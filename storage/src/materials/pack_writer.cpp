// Pack writing; see pack_writer.h.
#include "pack_writer.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <cassert>

namespace parta::materials {
namespace {

// Type and inflated size: 3 type bits and 4 size bits, then 7 size bits per byte.
std::string entry_header(int type, uint64_t size) {
  std::string header;
  uint8_t byte = static_cast<uint8_t>((type << 4) | (size & 0x0f));
  size >>= 4;
  while (size != 0) {
    header.push_back(static_cast<char>(byte | 0x80));
    byte = size & 0x7f;
    size >>= 7;
  }
  header.push_back(static_cast<char>(byte));
  return header;
}

void put_be32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

}  // namespace

Status PackWriter::add_entry(int type, std::string_view prefix, std::string_view data) {
  uLongf compressed_size = compressBound(data.size());
  std::string compressed(compressed_size, '\0');
  int deflated =
      compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
                reinterpret_cast<const Bytef*>(data.data()), data.size(), Z_DEFAULT_COMPRESSION);
  if (deflated != Z_OK) return Status::io("cannot compress an object for a pack: out of memory");
  compressed.resize(compressed_size);
  entries_ += entry_header(type, data.size());
  entries_ += prefix;
  entries_ += compressed;
  ++object_count_;
  return Status::ok();
}

Status PackWriter::add_whole(git_object_t type, std::string_view data) {
  assert(type == GIT_OBJECT_COMMIT || type == GIT_OBJECT_TREE || type == GIT_OBJECT_BLOB);
  return add_entry(static_cast<int>(type), {}, data);
}

Status PackWriter::add_delta(const git_oid& base, std::string_view delta) {
  return add_entry(kPackTypeRefDelta,
                   std::string_view(reinterpret_cast<const char*>(base.id), GIT_OID_RAWSZ), delta);
}

Result<std::string> PackWriter::finish() {
  std::string pack(kPackSignature);
  put_be32(pack, kPackVersion);
  put_be32(pack, object_count_);
  pack += entries_;
  entries_.clear();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(pack.data(), pack.size(), digest, &digest_size, EVP_sha1(), nullptr) != 1) {
    return Status::io("cannot checksum a pack: SHA-1 is not available");
  }
  assert(digest_size == kPackTrailerBytes);
  pack.append(reinterpret_cast<const char*>(digest), digest_size);
  return pack;
}

}  // namespace parta::materials
