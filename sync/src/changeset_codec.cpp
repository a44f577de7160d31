// Changeset batches: header and zstd frame around the body; see changeset_codec.h and
// docs/changeset-format.md.
#include "parta/sync/changeset_codec.h"

#include <fmt/format.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <memory>

#include "changeset_digested_dictionaries.h"
#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_dictionary.h"
#include "parta/sync/changeset_format.h"

namespace parta {
namespace {

using changeset::builtin_cdict;
using changeset::ddict_for;
using changeset::kDictionaryIdOffset;
using changeset::kFlagsKnown;
using changeset::kFlagsOffset;
using changeset::kFormatVersion;
using changeset::kHeaderBytes;
using changeset::kMagic;
using changeset::kMagicOffset;
using changeset::kVersionOffset;
using changeset::kZstdLevel;

// A frame that does not declare its size is decompressed into this much room first, then
// twice as much each time it fills, up to decompressed_bytes_max.
constexpr size_t kUndeclaredFirstBytes = size_t{64} << 10;
// Calls of ZSTD_decompressStream in a row that neither read nor write before we give up.
constexpr int kNoProgressCallsMax = 4;

struct CCtxFree {
  void operator()(ZSTD_CCtx* cctx) const { ZSTD_freeCCtx(cctx); }
};
struct DCtxFree {
  void operator()(ZSTD_DCtx* dctx) const { ZSTD_freeDCtx(dctx); }
};

// Each thread reuses its own contexts: making one costs more than compressing a small batch.
ZSTD_CCtx* thread_cctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxFree> cctx(ZSTD_createCCtx());
  assert(cctx != nullptr);
  return cctx.get();
}

ZSTD_DCtx* thread_dctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxFree> dctx(ZSTD_createDCtx());
  assert(dctx != nullptr);
  return dctx.get();
}

void write_header(uint32_t dictionary_id, std::string* out) {
  out->assign(kMagic.begin(), kMagic.end());
  out->push_back(static_cast<char>(kFormatVersion));
  out->push_back(static_cast<char>(kFlagsKnown));
  append_u32_be(out, dictionary_id);
  assert(out->size() == kHeaderBytes);
}

// For zstd calls that fail only on a bug (a parameter this zstd rejects) or without memory.
void expect_zstd_ok(size_t result) {
  assert(!ZSTD_isError(result) && "zstd accepts these parameters");
  (void)result;
}

// The compressed body after the header in `out`.
void compress_body(std::string_view body, std::string* out) {
  ZSTD_CCtx* cctx = thread_cctx();
  expect_zstd_ok(ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters));
  // The header names the dictionary, so the frame need not repeat its id; the checksum
  // catches a frame decompressed with the wrong dictionary or damaged in a bundle.
  expect_zstd_ok(ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0));
  expect_zstd_ok(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1));
  expect_zstd_ok(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kZstdLevel));
  expect_zstd_ok(ZSTD_CCtx_refCDict(cctx, builtin_cdict()));
  size_t header_bytes = out->size();
  out->resize(header_bytes + ZSTD_compressBound(body.size()));
  size_t frame_bytes = ZSTD_compress2(cctx, out->data() + header_bytes, out->size() - header_bytes,
                                      body.data(), body.size());
  expect_zstd_ok(frame_bytes);  // ZSTD_compressBound bytes are always enough
  out->resize(header_bytes + frame_bytes);
}

Status check_header(std::string_view bytes) {
  if (bytes.size() < kHeaderBytes) {
    return Status::corrupt(
        fmt::format("changeset batch cut short: {} bytes, less than its {}-byte header",
                    bytes.size(), kHeaderBytes));
  }
  if (!std::equal(kMagic.begin(), kMagic.end(), bytes.begin() + kMagicOffset)) {
    return Status::corrupt("not a changeset batch: it does not start with \"PCSB\"");
  }
  auto version = static_cast<uint8_t>(bytes[kVersionOffset]);
  if (version == changeset::kRetiredFormatVersion) {
    return Status::refused(fmt::format(
        "changeset batch in format version {}, which no release reads (development builds before "
        "the column format wrote it): upgrade Parta on the sending node",
        version));
  }
  if (version != kFormatVersion) {
    return Status::refused(fmt::format(
        "changeset batch in format version {}, but this release reads only version {}: upgrade "
        "Parta on this node to the release the sending node runs",
        version, kFormatVersion));
  }
  auto flags = static_cast<uint8_t>(bytes[kFlagsOffset]);
  if ((flags & ~kFlagsKnown) != 0) {
    return Status::refused(fmt::format(
        "changeset batch with flags {:#04x} this release does not know: upgrade Parta on this "
        "node to the release the sending node runs",
        flags));
  }
  return Status::ok();
}

size_t window_log_max(size_t decompressed_bytes_max) {
  ZSTD_bounds bounds = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
  int log = bounds.lowerBound;
  while (log < bounds.upperBound && (size_t{1} << log) < decompressed_bytes_max) ++log;
  return static_cast<size_t>(log);
}

Status cut_short() {
  return Status::corrupt("changeset batch cut short: its compressed body ends mid-frame");
}

Status damaged(std::string_view why) {
  return Status::corrupt(fmt::format("changeset batch damaged: its compressed body {}", why));
}

// The Status for what zstd reported (`code` is a zstd function's result).
Status zstd_failed(size_t code, size_t decompressed_bytes_max) {
  switch (ZSTD_getErrorCode(code)) {
    case ZSTD_error_srcSize_wrong:
      return cut_short();
    case ZSTD_error_frameParameter_windowTooLarge:
      return Status::corrupt(fmt::format(
          "changeset batch needs more memory than the {} bytes a batch may have to decompress "
          "(its zstd window is too large)",
          decompressed_bytes_max));
    default:
      return damaged(fmt::format("does not decompress ({})", ZSTD_getErrorName(code)));
  }
}

Status too_big(size_t decompressed_bytes_max) {
  return Status::corrupt(
      fmt::format("changeset batch decompresses to more than the {} bytes a batch may have",
                  decompressed_bytes_max));
}

// The body size `frame` declares, or ZSTD_CONTENTSIZE_UNKNOWN. Corrupt unless `frame` is one
// whole zstd frame that declares no more than decompressed_bytes_max.
Result<unsigned long long> check_frame(std::string_view frame, size_t decompressed_bytes_max) {
  size_t frame_bytes = ZSTD_findFrameCompressedSize(frame.data(), frame.size());
  if (ZSTD_isError(frame_bytes)) return zstd_failed(frame_bytes, decompressed_bytes_max);
  if (frame_bytes != frame.size()) {
    return Status::corrupt(fmt::format("changeset batch has {} bytes after its compressed body",
                                       frame.size() - frame_bytes));
  }
  unsigned long long declared = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR) return damaged("has a bad frame header");
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared > decompressed_bytes_max) {
    return Status::corrupt(fmt::format(
        "changeset batch declares a body of {} bytes, more than the {} a batch may have", declared,
        decompressed_bytes_max));
  }
  return declared;
}

// Decompresses one whole frame into room of `room_bytes`, doubled whenever it fills, up to
// decompressed_bytes_max: so neither a declared size nor the data can take more.
Result<std::string> decompress(std::string_view frame, const ZSTD_DDict* ddict, size_t room_bytes,
                               size_t decompressed_bytes_max) {
  ZSTD_DCtx* dctx = thread_dctx();
  expect_zstd_ok(ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters));
  expect_zstd_ok(ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax,
                                        static_cast<int>(window_log_max(decompressed_bytes_max))));
  expect_zstd_ok(ZSTD_DCtx_refDDict(dctx, ddict));
  std::string body(room_bytes, '\0');
  ZSTD_inBuffer input{frame.data(), frame.size(), 0};
  ZSTD_outBuffer output{body.data(), body.size(), 0};
  for (int idle_calls = 0;;) {
    size_t read_before = input.pos, written_before = output.pos;
    size_t result = ZSTD_decompressStream(dctx, &output, &input);
    if (ZSTD_isError(result)) return zstd_failed(result, decompressed_bytes_max);
    if (result == 0) break;  // the frame is whole
    if (input.pos == input.size && output.pos < output.size) return cut_short();
    if (output.pos == output.size) {
      if (body.size() >= decompressed_bytes_max) return too_big(decompressed_bytes_max);
      // A fresh string of the exact size: growing one in place may reserve more.
      std::string larger(std::min(2 * body.size() + 1, decompressed_bytes_max), '\0');
      std::memcpy(larger.data(), body.data(), output.pos);
      body.swap(larger);
      output.dst = body.data();
      output.size = body.size();
    }
    bool idle = input.pos == read_before && output.pos == written_before;
    idle_calls = idle ? idle_calls + 1 : 0;
    if (idle_calls > kNoProgressCallsMax) return damaged("makes zstd stop making progress");
  }
  body.resize(output.pos);
  return body;
}

}  // namespace

Result<std::string> encode_changeset(std::span<const oplog::Op> ops) {
  auto body = encode_changeset_body(ops);
  if (!body) return body.status();
  std::string batch;
  write_header(builtin_changeset_dictionary_id(), &batch);
  compress_body(*body, &batch);
  return batch;
}

Result<std::vector<oplog::Op>> decode_changeset(std::string_view bytes,
                                                const ChangesetLimits& limits) {
  PARTA_RETURN_IF_ERROR(check_header(bytes));
  uint32_t dictionary_id = read_u32_be(bytes.substr(kDictionaryIdOffset));
  const ZSTD_DDict* ddict = ddict_for(dictionary_id);
  if (ddict == nullptr) {
    return Status::refused(fmt::format(
        "changeset batch compressed with dictionary {}, which this release does not have (it "
        "has {}): the two nodes run releases too far apart; upgrade the older one",
        dictionary_id, builtin_changeset_dictionary_id()));
  }
  std::string_view frame = bytes.substr(kHeaderBytes);
  auto declared = check_frame(frame, limits.decompressed_bytes_max);
  if (!declared) return declared.status();
  size_t room_bytes = *declared == ZSTD_CONTENTSIZE_UNKNOWN
                          ? std::min(kUndeclaredFirstBytes, limits.decompressed_bytes_max)
                          : static_cast<size_t>(*declared);
  auto body = decompress(frame, ddict, room_bytes, limits.decompressed_bytes_max);
  if (!body) return body.status();
  return decode_changeset_body(*body, limits);
}

}  // namespace parta
