// Packed version-vector chunks; see packed_vector.h.
#include "packed_vector.h"

#include <zstd.h>

namespace parta {

namespace {
constexpr int kPackLevel = 19;  // vectors are small: the best ratio costs well under a millisecond
}  // namespace

std::string pack_vector_entries(const wire::VectorChunk& entries) {
  const std::string raw = entries.SerializeAsString();
  std::string packed(ZSTD_compressBound(raw.size()), '\0');
  const size_t size = ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), kPackLevel);
  if (ZSTD_isError(size)) return std::string();  // cannot happen with a bound-sized buffer
  packed.resize(size);
  return packed;
}

Result<wire::VectorChunk> unpack_vector_entries(std::string_view packed) {
  const unsigned long long declared = ZSTD_getFrameContentSize(packed.data(), packed.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR || declared == ZSTD_CONTENTSIZE_UNKNOWN ||
      declared > kPackedVectorBytesMax) {
    return Status::corrupt("a packed version vector is not a zstd frame of a declared size "
                           "within the limit");
  }
  std::string raw(static_cast<size_t>(declared), '\0');
  const size_t size = ZSTD_decompress(raw.data(), raw.size(), packed.data(), packed.size());
  if (ZSTD_isError(size) || size != raw.size()) {
    return Status::corrupt("a packed version vector does not decompress whole");
  }
  wire::VectorChunk entries;
  if (!entries.ParseFromString(raw) || !entries.packed_entries().empty() || entries.last()) {
    return Status::corrupt("a packed version vector holds something other than its entries");
  }
  return entries;
}

}  // namespace parta
