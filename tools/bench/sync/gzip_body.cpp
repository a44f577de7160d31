// gzip with zlib; see gzip_body.h.
#include "gzip_body.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cassert>
#include <memory>

namespace parta::bench {
namespace {

constexpr int kGzipWindowBits = 15 + 16;         // a 32 KiB window, gzip header and trailer
constexpr int kDefaultMemoryLevel = 8;           // zlib's and Python's default
constexpr size_t kInflateStepBytes = 64 * 1024;  // output grown by this much at a time

}  // namespace

std::string gzip_level9(std::string_view bytes) {
  z_stream stream{};
  int rc = deflateInit2(&stream, 9, Z_DEFLATED, kGzipWindowBits, kDefaultMemoryLevel,
                        Z_DEFAULT_STRATEGY);
  assert(rc == Z_OK);  // fails only without memory or with bad parameters
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  rc = deflate(&stream, Z_FINISH);
  assert(rc == Z_STREAM_END);  // deflateBound leaves room for everything
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

Result<std::string> gunzip(std::string_view gzipped, size_t inflated_bytes_max) {
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) return Status::io("zlib: out of memory");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, inflateEnd);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data()));
  stream.avail_in = static_cast<uInt>(gzipped.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (out.size() >= inflated_bytes_max) {
      return Status::invalid(
          fmt::format("the gzip body inflates to more than {} bytes", inflated_bytes_max));
    }
    const size_t used = out.size();
    out.resize(std::min(used + kInflateStepBytes, inflated_bytes_max));
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream.avail_out = static_cast<uInt>(out.size() - used);
    rc = inflate(&stream, Z_NO_FLUSH);
    out.resize(stream.total_out);
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ended mid-stream
    if (rc == Z_BUF_ERROR) rc = Z_OK;                      // output was full: grow it
  }
  if (rc != Z_STREAM_END || stream.avail_in != 0) {
    return Status::invalid(fmt::format("the body is not one whole gzip member ({})",
                                       stream.msg != nullptr ? stream.msg : "cut short"));
  }
  return out;
}

}  // namespace parta::bench
