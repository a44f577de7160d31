// Measuring the codec on a node's batches; see codec_figures.h.
#include "codec_figures.h"

#include <fmt/format.h>
#include <google/protobuf/io/coded_stream.h>
#include <zstd.h>

#include <chrono>

#include "parta/sync/changeset_body.h"
#include "parta/sync/changeset_codec.h"
#include "parta/sync/changeset_dictionary.h"
#include "parta/sync/changeset_format.h"

namespace parta::train_dict {
namespace {

// Timed rounds go on until they add up to this long, so small nodes still give steady rates.
constexpr double kTimedSecondsMin = 1.0;

size_t zstd_bytes(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t size =
      ZSTD_compress(out.data(), out.size(), data.data(), data.size(), changeset::kZstdLevel);
  return ZSTD_isError(size) ? 0 : size;
}

// The ops one after another, each after its length as a varint: what a plain
// `repeated Op` message would carry.
std::string length_prefixed(const Batch& batch) {
  std::string out;
  for (const oplog::Op& op : batch) {
    uint8_t length[5];  // a varint32 takes at most 5 bytes
    uint8_t* end = google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
        static_cast<uint32_t>(op.ByteSizeLong()), length);
    out.append(reinterpret_cast<const char*>(length), end - length);
    out += op.SerializeAsString();
  }
  return out;
}

// Calls `round` until kTimedSecondsMin has passed; returns rounds per second.
template <typename Round>
Result<double> rounds_per_second(Round&& round) {
  auto start = std::chrono::steady_clock::now();
  int rounds = 0;
  double seconds = 0;
  while (seconds < kTimedSecondsMin) {
    PARTA_RETURN_IF_ERROR(round());
    ++rounds;
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return rounds / seconds;
}

}  // namespace

Result<CodecFigures> measure_codec(std::span<const Batch> batches) {
  CodecFigures figures;
  std::vector<std::string> encoded;
  for (const Batch& batch : batches) {
    auto body = encode_changeset_body(batch);
    if (!body) return body.status();
    auto bytes = encode_changeset(batch);
    if (!bytes) return bytes.status();
    figures.ops += batch.size();
    ++figures.batches;
    for (const oplog::Op& op : batch) figures.op_bytes += op.ByteSizeLong();
    figures.op_zstd_bytes += zstd_bytes(length_prefixed(batch));
    figures.body_bytes += body->size();
    figures.body_zstd_bytes += zstd_bytes(*body);
    figures.batch_bytes += bytes->size();
    encoded.push_back(std::move(*bytes));
  }
  for (size_t i = 0; i < batches.size(); ++i) {
    auto ops = decode_changeset(encoded[i]);
    if (!ops) return ops.status();
    bool same = ops->size() == batches[i].size();
    for (size_t j = 0; same && j < ops->size(); ++j) {
      same = (*ops)[j].SerializeAsString() == batches[i][j].SerializeAsString();
    }
    if (!same) return Status::corrupt(fmt::format("batch {} did not decode to its ops", i + 1));
  }
  auto encodes = rounds_per_second([&] {
    for (const Batch& batch : batches) {
      auto bytes = encode_changeset(batch);
      if (!bytes) return bytes.status();
    }
    return Status::ok();
  });
  if (!encodes) return encodes.status();
  auto decodes = rounds_per_second([&] {
    for (const std::string& bytes : encoded) {
      auto ops = decode_changeset(bytes);
      if (!ops) return ops.status();
    }
    return Status::ok();
  });
  if (!decodes) return decodes.status();
  figures.encode_ops_per_second = *encodes * figures.ops;
  figures.decode_ops_per_second = *decodes * figures.ops;
  return figures;
}

std::string format_figures(const CodecFigures& figures) {
  auto per_op = [&](size_t bytes) {
    return figures.ops == 0 ? 0.0 : static_cast<double>(bytes) / figures.ops;
  };
  return fmt::format(
      "{} ops in {} batches; dictionary {} ({} bytes), zstd level {}\n"
      "bytes per op: Op {:.1f}, Op+zstd {:.1f}, body {:.1f}, body+zstd {:.1f}, "
      "batch (body+zstd+dictionary) {:.1f}\n"
      "encode {:.0f} ops/s, decode {:.0f} ops/s (one thread)\n",
      figures.ops, figures.batches, builtin_changeset_dictionary_id(),
      builtin_changeset_dictionary().size(), changeset::kZstdLevel, per_op(figures.op_bytes),
      per_op(figures.op_zstd_bytes), per_op(figures.body_bytes), per_op(figures.body_zstd_bytes),
      per_op(figures.batch_bytes), figures.encode_ops_per_second, figures.decode_ops_per_second);
}

}  // namespace parta::train_dict
