// Packed version-vector chunks (packed_vector.h): a round trip that shrinks a school's vector,
// and every way a peer's packed bytes can be wrong refused as Corrupt.
#include <gtest/gtest.h>
#include <zstd.h>

#include "packed_vector.h"

namespace parta {
namespace {

wire::VectorChunk school_vector() {
  wire::VectorChunk chunk;
  for (int group = 100; group < 130; ++group) {
    for (uint32_t origin : {0x782ee1f8u, 0x1c0ffee5u}) {
      auto* entry = chunk.add_entries();
      entry->set_scope("group:g" + std::to_string(group) + "-782ee1f8");
      entry->set_origin(origin);
      entry->set_seq(1500 + group);
    }
  }
  return chunk;
}

TEST(PackedVector, RoundTripsAndShrinksASchoolsVector) {
  const wire::VectorChunk chunk = school_vector();
  const std::string packed = pack_vector_entries(chunk);
  EXPECT_LT(packed.size() * 2, chunk.ByteSizeLong()) << packed.size() << " of " << chunk.ByteSizeLong();
  auto back = unpack_vector_entries(packed);
  ASSERT_TRUE(back) << back.status().message();
  EXPECT_EQ(back->SerializeAsString(), chunk.SerializeAsString());
}

TEST(PackedVector, RefusesWhatIsNotAPackedVector) {
  EXPECT_EQ(unpack_vector_entries("").status().kind(), Status::Kind::kCorrupt);
  EXPECT_EQ(unpack_vector_entries("not zstd at all").status().kind(), Status::Kind::kCorrupt);
  std::string packed = pack_vector_entries(school_vector());
  packed.resize(packed.size() - 3);  // cut short
  EXPECT_EQ(unpack_vector_entries(packed).status().kind(), Status::Kind::kCorrupt);
  // A frame that does not declare its size (streamed) is refused before anything is allocated.
  const std::string raw = school_vector().SerializeAsString();
  std::string streamed(ZSTD_compressBound(raw.size()), '\0');
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
  const size_t size = ZSTD_compress2(cctx, streamed.data(), streamed.size(), raw.data(), raw.size());
  ZSTD_freeCCtx(cctx);
  ASSERT_FALSE(ZSTD_isError(size));
  streamed.resize(size);
  EXPECT_EQ(unpack_vector_entries(streamed).status().kind(), Status::Kind::kCorrupt);
  // A bomb: a frame declaring more than the limit.
  const std::string zeros(kPackedVectorBytesMax + 1, '\0');
  std::string bomb(ZSTD_compressBound(zeros.size()), '\0');
  bomb.resize(ZSTD_compress(bomb.data(), bomb.size(), zeros.data(), zeros.size(), 1));
  EXPECT_EQ(unpack_vector_entries(bomb).status().kind(), Status::Kind::kCorrupt);
  // Packed bytes that are a chunk with more than entries in it.
  wire::VectorChunk nested = school_vector();
  nested.set_last(true);
  EXPECT_EQ(unpack_vector_entries(pack_vector_entries(nested)).status().kind(),
            Status::Kind::kCorrupt);
}

}  // namespace
}  // namespace parta
